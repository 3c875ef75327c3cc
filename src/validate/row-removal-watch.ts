import type { DialectName } from '../database/parse-url.ts';
import type { StatementConnection } from '../database/target.ts';
import { stripLeadingComments } from '../sql/split-sql.ts';
import { sqlSyntax } from '../sql/sql-syntax.ts';
import { canonicalTableName, SQL_TABLE_NAME } from '../sql/sql-names.ts';

const IDENT = SQL_TABLE_NAME;
const DELETE = new RegExp(String.raw`^delete\s+from\s+(?:only\s+)?(${IDENT})`, 'i');
const TRUNCATE = new RegExp(String.raw`^truncate\s+(?:table\s+)?(?:only\s+)?(${IDENT}(?:\s*,\s*${IDENT})*)`, 'i');
const DROP_TABLE = new RegExp(String.raw`^drop\s+table\s+(?:if\s+exists\s+)?(${IDENT}(?:\s*,\s*${IDENT})*)`, 'i');

/**
 * The tables a statement can remove rows from (DELETE, TRUNCATE, DROP TABLE), as written in it.
 *
 * @example
 * tablesRemovingRows('drop table if exists "a", b') // ['"a"', 'b']
 * tablesRemovingRows('update t set x = 1')          // []
 */
export function tablesRemovingRows(sql: string): string[] {
  const text = stripLeadingComments(sql);
  const match = DELETE.exec(text) ?? TRUNCATE.exec(text) ?? DROP_TABLE.exec(text);
  if (!match) return [];
  return match[1]!.split(',').map((t) => t.trim());
}

/**
 * Resolves a table reference as written in SQL to a snapshot table name (see
 * {@link canonicalTableName}; case ignored on SQLite and MySQL).
 */
export function resolveTableName(written: string, tables: Record<string, unknown>, dialect: DialectName): string | undefined {
  const name = canonicalTableName(written, dialect);
  if (name in tables) return name;
  if (sqlSyntax(dialect).caseSensitiveNames) return undefined;
  return Object.keys(tables).find((k) => k.toLowerCase() === name.toLowerCase());
}

/**
 * Watches a migration's statements and, before the first DELETE/TRUNCATE/DROP TABLE that touches a
 * table which existed before the migration, counts that table's rows on the same connection and
 * transaction. The runner compares with the count afterwards to find rows lost.
 *
 * @example
 * const watch = new RowRemovalWatch(before.tables, 'postgres', ['dihya_migrations'])
 * target.observeStatements((sql, conn) => watch.observe(sql, conn))
 */
export class RowRemovalWatch {
  readonly before = new Map<string, number>();
  readonly #known: Record<string, unknown>;
  readonly #dialect: DialectName;
  readonly #ignore: Set<string>;

  /** `tablesBefore`: the tables of the snapshot taken before the migration (looked up, not copied). */
  constructor(tablesBefore: Record<string, unknown>, dialect: DialectName, ignore: string[]) {
    this.#known = tablesBefore;
    this.#dialect = dialect;
    this.#ignore = new Set(ignore.map((t) => t.toLowerCase()));
  }

  async observe(sql: string, connection: StatementConnection): Promise<void> {
    for (const written of tablesRemovingRows(sql)) {
      const table = resolveTableName(written, this.#known, this.#dialect);
      if (!table || this.before.has(table) || this.#ignore.has(table.toLowerCase())) continue;
      const rows = await connection.query<{ n: number | string }>(`select count(*) as n from ${written}`);
      this.before.set(table, Number(rows[0]?.n ?? 0));
    }
  }
}
