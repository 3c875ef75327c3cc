import type { DialectName } from './dialect-name.ts';
import { callsRoutine } from './routine-calls.ts';
import { lexemeAt } from './sql-lexemes.ts';
import { rememberLast } from './remember-last.ts';
import { sqlSyntax } from './sql-syntax.ts';

type Rules = [pattern: RegExp, label: string][];

/** Statements that end, open or shape a transaction, per dialect (on lower-cased text, comments out, spaces collapsed). */
const TRANSACTION_CONTROL: Record<DialectName, Rules> = {
  sqlite: [
    [/^begin( (deferred|immediate|exclusive))?( transaction( \w+)?)?$/, 'BEGIN'],
    [/^commit( transaction( \w+)?)?$/, 'COMMIT'],
    [/^end( transaction( \w+)?)?$/, 'END'],
    [/^rollback( transaction( \w+)?)?$/, 'ROLLBACK'],
  ],
  postgres: [
    [/^(begin|start transaction)\b/, 'BEGIN'],
    [/^(prepare transaction|commit prepared|rollback prepared)\b/, 'two-phase commit'],
    [/^commit\b/, 'COMMIT'],
    [/^end\b/, 'END'],
    [/^abort\b/, 'ABORT'],
    [/^rollback\b(?! (work |transaction )?to\b)/, 'ROLLBACK'],
    // must come first in its transaction: the runner's transaction has already run queries
    [/^set transaction\b/, 'SET TRANSACTION'],
  ],
  mysql: [
    [/^begin( work)?$/, 'BEGIN'],
    [/^start transaction\b/, 'START TRANSACTION'],
    [/^commit\b/, 'COMMIT'],
    [/^rollback\b(?! (work )?to\b)/, 'ROLLBACK'],
    [/^xa\b/, 'XA transaction'],
    [/^set\b.*(?:[\s,.]|@@)autocommit\s*:?=/, 'SET autocommit'],
    // refused while a transaction is open (ER_CANT_CHANGE_TX_CHARACTERISTICS)
    [/^set transaction\b/, 'SET TRANSACTION'],
  ],
};

/** Statements whose effect cannot be told from their text (they run code the runner does not see), per dialect. */
const OPAQUE: Record<DialectName, RegExp | undefined> = {
  sqlite: undefined,
  postgres: /^(call|execute|do)\b/,
  // MariaDB compound statements outside a routine run any statement they hold
  mysql: /^(call|execute|begin not atomic|if|while|repeat|loop)\b/,
};

/** Where a function called by a SELECT may run DDL (PostgreSQL functions may; MariaDB stored functions may not commit or alter). */
const OPAQUE_ROUTINE_CALLS: Record<DialectName, boolean> = { sqlite: false, postgres: true, mysql: false };

/** Statements that may change the session's state (settings, role, current schema or database, variables), per dialect. */
const SESSION_CHANGES: Record<DialectName, RegExp> = {
  sqlite: /^pragma (\w+\.)?\w+ ?[=(]/,
  postgres: /^(set|reset|prepare|deallocate)\b|\bset_config ?\(/,
  // `/*!40101 SET … */`: mysqldump's executable comments are code
  mysql: /^(\/\*!\d* ?)?(set|use|prepare)\b/,
};

/** Statements the server refuses inside a transaction block (or ignores there), per dialect. Checked on PostgreSQL 15, MariaDB 10.11, SQLite 3.4x. */
const OUTSIDE_TRANSACTION_ONLY: Record<DialectName, Rules> = {
  sqlite: [
    [/^vacuum\b/, 'VACUUM'],
    [/^pragma (\w+\.)?journal_mode ?= ?['"]?wal\b/, 'PRAGMA journal_mode = WAL'],
    // no error, but no effect either inside a transaction
    [/^pragma (\w+\.)?foreign_keys ?[=(]/, 'PRAGMA foreign_keys (it has no effect inside a transaction)'],
  ],
  postgres: [
    [/^create (unique )?index concurrently\b/, 'CREATE INDEX CONCURRENTLY'],
    [/^drop index concurrently\b/, 'DROP INDEX CONCURRENTLY'],
    [/^reindex\b.*\bconcurrently\b/, 'REINDEX CONCURRENTLY'],
    [/^reindex (\([^)]*\) )?(database|system)\b/, 'REINDEX DATABASE/SYSTEM'],
    [/^vacuum\b/, 'VACUUM'],
    [/^cluster( verbose| \(verbose( \w+)?\))?$/, 'CLUSTER of every table'],
    [/^alter system\b/, 'ALTER SYSTEM'],
    [/^(create|drop) database\b/, 'CREATE/DROP DATABASE'],
    [/^alter database \S+ set tablespace\b/, 'ALTER DATABASE … SET TABLESPACE'],
    [/^(create|drop) tablespace\b/, 'CREATE/DROP TABLESPACE'],
    [/^alter table\b.*\bdetach partition\b.*\bconcurrently\b/, 'DETACH PARTITION CONCURRENTLY'],
    [/^create subscription\b(?!.*\b(create_slot|connect) ?= ?'?(false|off|0)\b)/, 'CREATE SUBSCRIPTION'],
    [/^alter subscription \S+ refresh\b/, 'ALTER SUBSCRIPTION … REFRESH'],
    [/^discard all\b/, 'DISCARD ALL'],
  ],
  mysql: [],
};

/** `ALTER TYPE t ADD VALUE 'v'`: the new enum value cannot be used in the transaction that adds it (PostgreSQL >= 12; before, the statement itself is refused there). */
const ENUM_VALUE_ADDITION: Record<DialectName, RegExp | undefined> = {
  sqlite: undefined,
  postgres: /^alter\s+type\s+(\S+)\s+add\s+value\s+(?:if\s+not\s+exists\s+)?'((?:[^']|'')*)'/i,
  mysql: undefined,
};

/** The statement's text as the rules read it: comments out, lower case, whitespace collapsed, no trailing `;`. */
const normalized = rememberLast((sql: string, dialect: DialectName): string =>
  withoutComments(sql, dialect).toLowerCase().replace(/\s+/g, ' ').replace(/;\s*$/, '').trim(),
);

/** Where a comment may start (`#` counts only for MariaDB, but a superset is enough). */
const MAY_HOLD_COMMENTS = /--|\/\*|#/;

function withoutComments(sql: string, dialect: DialectName): string {
  // Every comment starts with one of these: a statement without them has none.
  if (!MAY_HOLD_COMMENTS.test(sql)) return sql;
  const syntax = sqlSyntax(dialect);
  let out = '';
  let from = 0;
  for (let i = 0; i < sql.length;) {
    const lexeme = lexemeAt(sql, i, syntax, true);
    if (!lexeme) {
      i++;
      continue;
    }
    if (lexeme.kind === 'comment') {
      out += `${sql.slice(from, i)} `;
      from = lexeme.end;
    }
    i = lexeme.end;
  }
  return out + sql.slice(from);
}

/**
 * What kind of transaction control a statement is (COMMIT, ROLLBACK, BEGIN, SET autocommit,
 * SET TRANSACTION…), or undefined. Inside a migration that runs in a transaction such a
 * statement would commit or roll back behind the runner's back (or fail there), so it is
 * refused. SAVEPOINT, RELEASE and ROLLBACK TO stay inside the transaction and are allowed.
 *
 * @example
 * transactionControl('COMMIT', 'postgres')                  // 'COMMIT'
 * transactionControl('rollback to savepoint a', 'postgres') // undefined
 * transactionControl('set autocommit = 1', 'mysql')         // 'SET autocommit'
 */
export function transactionControl(sql: string, dialect: DialectName): string | undefined {
  const text = normalized(sql, dialect);
  return TRANSACTION_CONTROL[dialect].find(([pattern]) => pattern.test(text))?.[1];
}

/**
 * True for statements whose effect cannot be told from their text: a CALL of a procedure, an
 * EXECUTE of a prepared statement, a PostgreSQL DO block or a SELECT calling a function of the
 * database (`select add_columns()`: see {@link callsRoutine}), a MariaDB compound statement. The
 * runner then compares the whole schema, counts rows of every table, and — where DDL commits
 * implicitly — treats them like DDL.
 *
 * @example
 * isOpaque('CALL add_column()', 'mysql')       // true
 * isOpaque('DO $$ BEGIN … END $$', 'postgres') // true
 * isOpaque('select add_price()', 'postgres')   // true
 * isOpaque('update t set a = 1', 'postgres')   // false
 */
export function isOpaque(sql: string, dialect: DialectName): boolean {
  const text = normalized(sql, dialect);
  if (OPAQUE[dialect]?.test(text)) return true;
  return OPAQUE_ROUTINE_CALLS[dialect] && /^(select|values)\b/.test(text) && callsRoutine(sql, dialect);
}

/**
 * Why a statement cannot run inside a transaction (the server refuses it there, or ignores it),
 * or undefined. Such statements need their migration, or its SQL section, marked
 * `transaction:false`.
 *
 * @example
 * cannotRunInTransaction('create index concurrently i on t (a)', 'postgres') // 'CREATE INDEX CONCURRENTLY'
 * cannotRunInTransaction('create index i on t (a)', 'postgres')              // undefined
 */
export function cannotRunInTransaction(sql: string, dialect: DialectName): string | undefined {
  const text = normalized(sql, dialect);
  return OUTSIDE_TRANSACTION_ONLY[dialect].find(([pattern]) => pattern.test(text))?.[1];
}

/**
 * A new enum value used in the transaction that added it (PostgreSQL refuses: "unsafe use of new value").
 *
 * @example
 * const use: NewEnumValueUse = { type: 'mood', value: 'calm', addedAt: 2, usedAt: 3 }
 */
export interface NewEnumValueUse {
  type: string;
  value: string;
  /** Line of the `ALTER TYPE … ADD VALUE`. */
  addedAt: number;
  /** Line of the first later statement that uses the value as a literal. */
  usedAt: number;
}

/**
 * Finds enum values added by `ALTER TYPE … ADD VALUE` and used as a string literal by a later
 * statement of the same list (one transaction): PostgreSQL refuses that use until the value is
 * committed. Statements come as the splitter gives them.
 *
 * @example
 * newEnumValueUses([{ sql: "alter type mood add value 'ok'", line: 1 }, { sql: "update t set m = 'ok'", line: 2 }], 'postgres')
 * // [{ type: 'mood', value: 'ok', addedAt: 1, usedAt: 2 }]
 */
export function newEnumValueUses(statements: readonly { sql: string; line: number }[], dialect: DialectName): NewEnumValueUse[] {
  const pattern = ENUM_VALUE_ADDITION[dialect];
  if (!pattern) return [];
  const uses: NewEnumValueUse[] = [];
  const added: { type: string; value: string; addedAt: number }[] = [];
  for (const statement of statements) {
    const literals = new Set(stringLiterals(statement.sql, dialect));
    for (const value of added.splice(0)) {
      if (literals.has(value.value)) uses.push({ ...value, usedAt: statement.line });
      else added.push(value);
    }
    const match = pattern.exec(withoutComments(statement.sql, dialect).trim());
    if (match) added.push({ type: match[1]!, value: match[2]!.replaceAll("''", "'"), addedAt: statement.line });
  }
  return uses;
}

/** The values of the plain '…' string literals of a statement. */
function stringLiterals(sql: string, dialect: DialectName): string[] {
  const syntax = sqlSyntax(dialect);
  const values: string[] = [];
  for (let i = 0; i < sql.length;) {
    const lexeme = lexemeAt(sql, i, syntax, true);
    if (!lexeme) {
      i++;
      continue;
    }
    if (lexeme.kind === 'quoted' && sql[i] === "'") values.push(sql.slice(i + 1, lexeme.end - 1).replaceAll("''", "'"));
    i = lexeme.end;
  }
  return values;
}

/**
 * True when a statement may change the state of the session it runs on — a setting, the role,
 * the search_path or current database, a user variable, a prepared statement (PostgreSQL `SET`,
 * `RESET`, `set_config()`, `PREPARE`; MariaDB `SET`, `USE`; SQLite `PRAGMA x = …`) — or runs code
 * that may (see {@link isOpaque}). The runner then puts the session back as it was once the
 * migration is done, before its own statements.
 *
 * @example
 * changesSession('set search_path = billing', 'postgres') // true
 * changesSession('use other_db', 'mysql')                 // true
 * changesSession('select 1', 'postgres')                  // false
 */
export function changesSession(sql: string, dialect: DialectName): boolean {
  return SESSION_CHANGES[dialect].test(normalized(sql, dialect)) || isOpaque(sql, dialect);
}
