import type { DialectName } from './dialect-name.ts';
import { stripLeadingComments } from './split-sql.ts';

type Rules = [pattern: RegExp, label: string][];

/** Statements that end or open a transaction, per dialect (on lower-cased text, spaces collapsed). */
const TRANSACTION_CONTROL: Record<DialectName, Rules> = {
  sqlite: [[/^(begin|end|commit|rollback)( (deferred|immediate|exclusive))?( transaction)?( \w+)?$/, 'transaction control']],
  postgres: [
    [/^(begin|start transaction|commit|end|abort)\b(?! prepared)/, 'transaction control'],
    [/^rollback\b(?! (work |transaction )?to\b)(?! prepared)/, 'ROLLBACK'],
    [/^(prepare transaction|commit prepared|rollback prepared)\b/, 'two-phase commit'],
  ],
  mysql: [
    [/^(begin( work)?|start transaction\b.*|commit\b.*|rollback( work)?( and (no )?chain)?( (no )?release)?)$/, 'transaction control'],
    [/^xa /, 'XA transaction'],
    [/^set (@@(session\.)?|session )?autocommit\b/, 'SET autocommit'],
  ],
};

/** Statements whose effect cannot be told from their text (they run code the runner does not see), per dialect. */
const OPAQUE: Record<DialectName, RegExp> = {
  sqlite: /^$^/,
  postgres: /^(call|execute|do)\b/,
  mysql: /^(call|execute)\b/,
};

/** Statements the server refuses inside a transaction block, per dialect. */
const OUTSIDE_TRANSACTION_ONLY: Record<DialectName, Rules> = {
  sqlite: [[/^vacuum\b/, 'VACUUM']],
  postgres: [
    [/^create (unique )?index concurrently\b/, 'CREATE INDEX CONCURRENTLY'],
    [/^drop index concurrently\b/, 'DROP INDEX CONCURRENTLY'],
    [/^reindex\b.*\bconcurrently\b/, 'REINDEX CONCURRENTLY'],
    [/^vacuum\b/, 'VACUUM'],
    [/^alter system\b/, 'ALTER SYSTEM'],
    [/^(create|drop) database\b/, 'CREATE/DROP DATABASE'],
    [/^(create|drop) tablespace\b/, 'CREATE/DROP TABLESPACE'],
    [/^alter table\b.*\bdetach partition\b.*\bconcurrently\b/, 'DETACH PARTITION CONCURRENTLY'],
    [/^create subscription\b/, 'CREATE SUBSCRIPTION'],
  ],
  mysql: [],
};

/** The statement's text as the rules read it: no leading comments, lower case, whitespace collapsed, no trailing `;`. */
function normalized(sql: string): string {
  return stripLeadingComments(sql).toLowerCase().replace(/\s+/g, ' ').replace(/;\s*$/, '').trim();
}

/**
 * What kind of transaction control a statement is (COMMIT, ROLLBACK, BEGIN, SET autocommit…),
 * or undefined. Inside a migration that runs in a transaction such a statement would commit or
 * roll back behind the runner's back, so it is refused. SAVEPOINT, RELEASE and ROLLBACK TO stay
 * inside the transaction and are allowed.
 *
 * @example
 * transactionControl('COMMIT', 'postgres')                  // 'transaction control'
 * transactionControl('rollback to savepoint a', 'postgres') // undefined
 * transactionControl('set autocommit = 1', 'mysql')         // 'SET autocommit'
 */
export function transactionControl(sql: string, dialect: DialectName): string | undefined {
  const text = normalized(sql);
  return TRANSACTION_CONTROL[dialect].find(([pattern]) => pattern.test(text))?.[1];
}

/**
 * True for statements whose effect cannot be told from their text: a CALL of a procedure, an
 * EXECUTE of a prepared statement, a PostgreSQL DO block. The runner then compares the whole
 * schema, counts rows of every table, and — where DDL commits implicitly — treats them like DDL.
 *
 * @example
 * isOpaque('CALL add_column()', 'mysql')       // true
 * isOpaque('DO $$ BEGIN … END $$', 'postgres') // true
 * isOpaque('update t set a = 1', 'postgres')   // false
 */
export function isOpaque(sql: string, dialect: DialectName): boolean {
  return OPAQUE[dialect].test(normalized(sql));
}

/**
 * Why a statement cannot run inside a transaction (the server refuses it there), or undefined.
 * Such statements need their migration, or its SQL section, marked `transaction:false`.
 *
 * @example
 * cannotRunInTransaction('create index concurrently i on t (a)', 'postgres') // 'CREATE INDEX CONCURRENTLY'
 * cannotRunInTransaction('create index i on t (a)', 'postgres')              // undefined
 */
export function cannotRunInTransaction(sql: string, dialect: DialectName): string | undefined {
  const text = normalized(sql);
  return OUTSIDE_TRANSACTION_ONLY[dialect].find(([pattern]) => pattern.test(text))?.[1];
}
