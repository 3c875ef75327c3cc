import { runTool } from '../../../../tools/run-tool.ts';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';
import type { PgClientTool } from '../session/pg-client-tools.ts';
import { openPgClient } from '../session/pg-connection.ts';
import { PG_DUMP_SESSION_SQL } from '../session/pg-snapshot.ts';
import { pgToolConnection } from '../session/pg-tool-env.ts';
import { PG_SCHEMA_ONLY_DUMP_ARGS } from './pg-dump-schema-copy.ts';

/**
 * A pg_dump pattern matching exactly the relation a schema snapshot names `name` (`orders` in
 * `public`, `billing.invoices` elsewhere): both parts double-quoted, so case and wildcards are literal.
 *
 * @example
 * pgDumpTablePattern('billing.invoices') // '"billing"."invoices"'
 */
export function pgDumpTablePattern(name: string): string {
  const dot = name.indexOf('.');
  const [schema, table] = dot < 0 ? ['public', name] : [name.slice(0, dot), name.slice(dot + 1)];
  const quote = (part: string) => `"${part.replaceAll('"', '""')}"`;
  return `${quote(schema)}.${quote(table)}`;
}

/**
 * The tables of a partial schema copy, as schema snapshots name them.
 *
 * @example
 * const selection: PgTableSelection = { tables: ['orders'], referenced: ['customers'] }
 */
export interface PgTableSelection {
  /** Copied as they are. */
  tables: readonly string[];
  /** Copied without their own foreign keys (so what they reference need not be there). */
  referenced: readonly string[];
}

/**
 * Copies part of the schema of `sourceUrl` into the empty database at `destinationUrl`: every
 * object that is not a relation (schemas, types, functions, extensions: `pg_dump --schema-only
 * --exclude-table=*.*`) and the `tables` named as schema snapshots name them, with their keys,
 * indexes, triggers and owned sequences (`pg_dump --schema-only --table=…`), and the `referenced`
 * ones the same way but without their foreign keys; no view and no other table. The dumps run side
 * by side; their text runs in one transaction of the destination through the driver (a few
 * statements: no psql to start), so the copy is all or nothing (a table referencing one that is
 * not there fails it).
 *
 * @example
 * await copyPgTablesWithPgDump(targetUrl, scratch.url, pgDump, true, { tables: ['orders'], referenced: ['customers'] })
 */
export async function copyPgTablesWithPgDump(
  sourceUrl: string,
  destinationUrl: string,
  pgDump: PgClientTool,
  publicSchema: boolean,
  selection: PgTableSelection,
): Promise<void> {
  const source = pgToolConnection(sourceUrl);
  const dump = (args: string[]) =>
    runTool({ command: pgDump.path, args: [...PG_SCHEMA_ONLY_DUMP_ARGS, '--no-password', ...args], env: source.env, secrets: [source.password] });
  const tables = (names: readonly string[]) =>
    names.length === 0 ? Promise.resolve({ stdout: '' }) : dump(names.map((t) => `--table=${pgDumpTablePattern(t)}`));
  // One dump for both sets when the foreign keys of the referenced tables can be told apart by name.
  const together = ![...selection.tables, ...selection.referenced].some((name) => /\s/.test(name));
  try {
    const [objects, selected, referenced] = await Promise.all([
      dump(['--exclude-table=*.*']),
      tables(together ? [...selection.tables, ...selection.referenced] : selection.tables),
      together ? Promise.resolve({ stdout: '' }) : tables(selection.referenced),
    ]);
    if (together) selected.stdout = withoutForeignKeys(selected.stdout, selection.referenced);
    const prefix = `${PG_DUMP_SESSION_SQL};\n${publicSchema ? '' : 'DROP SCHEMA IF EXISTS public;\n'}`;
    const script = [objects.stdout, withoutForeignKeys(referenced.stdout), selected.stdout].map(withoutRestrictKeys).join('\n');
    await runInOneTransaction(destinationUrl, `${prefix}${script}`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Copying the schema into ${redactUrl(destinationUrl)} failed (rolled back): ${reason}`, { cause: error });
  }
}

/**
 * A plain-format pg_dump script without its foreign-key constraints (only those of the tables
 * `of`, named as schema snapshots name them, when given: names without blanks): pg_dump writes each
 * object after a `-- Name: <table> <constraint>; Type: FK CONSTRAINT; Schema: <schema>;` header
 * (names in it have their line breaks replaced); those entries are dropped but for psql
 * meta-commands (`\unrestrict`).
 *
 * @example
 * withoutForeignKeys(script).includes('FOREIGN KEY') // false
 */
export function withoutForeignKeys(script: string, of?: readonly string[]): string {
  const owners = of?.map((name) => {
    const dot = name.indexOf('.');
    return dot < 0 ? { schema: 'public', table: name } : { schema: name.slice(0, dot), table: name.slice(dot + 1) };
  });
  const dropped = (header: string) =>
    / Type: FK CONSTRAINT; /.test(header) &&
    (!owners || owners.some(({ schema, table }) => header.startsWith(`-- Name: ${table} `) && header.includes(`; Schema: ${schema}; `)));
  return script
    .split(/(?=^--\n-- Name: )/m)
    .map((entry) => (dropped(entry.split('\n', 2)[1] ?? '') ? metaCommands(entry) : entry))
    .join('');
}

/** The psql meta-commands of a script entry (the dump's closing `\unrestrict` may follow the last one). */
function metaCommands(entry: string): string {
  return entry
    .split('\n')
    .filter((line) => line.startsWith('\\'))
    .map((line) => `${line}\n`)
    .join('');
}

/**
 * A pg_dump script without its `\restrict <key>` / `\unrestrict <key>` lines: psql meta-commands
 * that guard psql against the script; the driver, which runs it here, reads no meta-command at all.
 *
 * @example
 * withoutRestrictKeys('\\restrict k1\nCREATE TABLE t ();\n\\unrestrict k1\n') // '\nCREATE TABLE t ();\n\n'
 */
export function withoutRestrictKeys(script: string): string {
  const key = /^\\restrict (\S+)$/m.exec(script)?.[1];
  if (key === undefined) return script;
  return script
    .split('\n')
    .map((line) => (line === `\\restrict ${key}` || line === `\\unrestrict ${key}` ? '' : line))
    .join('\n');
}

/** Runs `script` (several statements) in one transaction of the database at `url`; rolled back on error. */
async function runInOneTransaction(url: string, script: string): Promise<void> {
  const client = await openPgClient(url, 'dihya-migrate schema copy');
  try {
    await client.query('BEGIN');
    await client.query(script);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}
