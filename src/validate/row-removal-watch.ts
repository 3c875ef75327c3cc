import type { DialectName } from '../database/parse-url.ts';
import type { TableSnapshot } from '../database/schema-snapshot.ts';
import type { StatementConnection } from '../database/target.ts';
import { rowsRemovedBy } from '../sql/rows-removed.ts';
import { sqlSyntax } from '../sql/sql-syntax.ts';
import { canonicalTableName } from '../sql/sql-names.ts';
import { isOpaque } from '../sql/statement-kinds.ts';

/**
 * Resolves a table reference as written in SQL to a snapshot table name (see
 * {@link canonicalTableName}; case ignored on SQLite and MySQL).
 *
 * @example
 * resolveTableName('public.Orders', { orders: {} }, 'postgres') // 'orders' (unquoted names fold to lower case)
 * resolveTableName('`Orders`', { orders: {} }, 'mysql')          // 'orders' (case ignored)
 */
export function resolveTableName(written: string, tables: Record<string, unknown>, dialect: DialectName): string | undefined {
  const name = canonicalTableName(written, dialect);
  if (name in tables) return name;
  if (sqlSyntax(dialect).caseSensitiveNames) return undefined;
  return Object.keys(tables).find((k) => k.toLowerCase() === name.toLowerCase());
}

/**
 * Watches a migration's statements and, before the first one that can remove rows from a table
 * which existed before the migration, counts that table's rows on the same connection and
 * transaction; the runner compares with the count afterwards to find rows lost. It sees DELETE
 * anywhere in a statement (a data-modifying WITH, MySQL's multi-table DELETE), TRUNCATE, DROP
 * TABLE and MERGE … DELETE, follows ON DELETE CASCADE foreign keys to the child tables (and all
 * referencing tables for TRUNCATE/DROP … CASCADE), and counts every table before a statement
 * whose effect cannot be read from its text (CALL, EXECUTE, DO).
 *
 * @example
 * const watch = new RowRemovalWatch(before.tables, 'postgres', ['dihya_migrations'])
 * target.observeStatements({ before: (sql, conn) => watch.observe(sql, conn) })
 */
export class RowRemovalWatch {
  readonly before = new Map<string, number>();
  readonly #known: Record<string, TableSnapshot>;
  readonly #dialect: DialectName;
  readonly #ignore: Set<string>;

  /** `tablesBefore`: the tables of the snapshot taken before the migration (looked up, not copied). */
  constructor(tablesBefore: Record<string, TableSnapshot>, dialect: DialectName, ignore: string[]) {
    this.#known = tablesBefore;
    this.#dialect = dialect;
    this.#ignore = new Set(ignore.map((t) => t.toLowerCase()));
  }

  async observe(sql: string, connection: StatementConnection): Promise<void> {
    const reached = isOpaque(sql, this.#dialect) ? Object.keys(this.#known) : this.#reachedBy(sql);
    for (const table of reached) {
      if (this.before.has(table) || this.#ignore.has(table.toLowerCase())) continue;
      const rows = await connection.query<{ n: number | string }>(`select count(*) as n from ${quoteTable(table, this.#dialect)}`);
      this.before.set(table, Number(rows[0]?.n ?? 0));
    }
  }

  /** The snapshot tables a statement can remove rows from, its cascades included. */
  #reachedBy(sql: string): string[] {
    const removal = rowsRemovedBy(sql, this.#dialect);
    const reached = new Set<string>();
    const pending = removal.tables.map((written) => resolveTableName(written, this.#known, this.#dialect)).filter((t): t is string => t !== undefined);
    while (pending.length > 0) {
      const table = pending.pop()!;
      if (reached.has(table)) continue;
      reached.add(table);
      for (const [child, snapshot] of Object.entries(this.#known)) {
        for (const fk of Object.values(snapshot.foreignKeys)) {
          if (fk.references.table !== table) continue;
          if (fk.onDelete === 'cascade' || removal.cascade) pending.push(child);
        }
      }
    }
    return [...reached];
  }
}

/**
 * A snapshot table name (`orders`, `billing.invoices` on PostgreSQL) quoted for a count query.
 * On PostgreSQL an unqualified name is a table of the default schema (`public`), named so: the
 * count is taken while the migration runs, whose search_path may point elsewhere, and must count
 * the table the check counts again afterwards.
 */
function quoteTable(table: string, dialect: DialectName): string {
  const syntax = sqlSyntax(dialect);
  const quote = syntax.doubleQuotedStrings ? (p: string) => `\`${p.replace(/`/g, '``')}\`` : (p: string) => `"${p.replace(/"/g, '""')}"`;
  if (syntax.defaultSchema === undefined) return quote(table);
  if (table.includes('.')) return table.split('.').map(quote).join('.');
  return `${quote(syntax.defaultSchema)}.${quote(table)}`;
}
