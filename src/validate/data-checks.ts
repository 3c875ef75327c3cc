import { sql, type Kysely } from 'kysely';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { MigrationChecks } from './migration-checks.ts';
import { countTable } from '../database/row-counts.ts';

/**
 * Rows lost per table: a table that had rows before the migration's first DELETE/TRUNCATE/DROP
 * on it and has fewer after (a dropped table counts as 0), unless `allowRowLoss` names it.
 * Returns one sentence per problem (names and counts only, never values).
 */
export async function checkRowLoss(db: Kysely<any>, before: Map<string, number>, after: SchemaSnapshot, checks: MigrationChecks): Promise<string[]> {
  const problems: string[] = [];
  for (const [table, count] of before) {
    if (allowed(checks.allowRowLoss, table)) continue;
    const now = after.tables[table] ? await countTable(db, table) : 0;
    if (now < count) problems.push(`${table} lost ${count - now} of its ${count} rows${after.tables[table] ? '' : ' (table dropped)'}`);
  }
  return problems;
}

/**
 * Foreign keys whose child rows point to no parent row, among those that can have changed: the
 * foreign keys of `children` (tables written to), and those referencing `parents` (tables whose
 * rows were updated or removed). Names are compared in lower case.
 */
export async function checkOrphans(
  db: Kysely<any>,
  after: SchemaSnapshot,
  scope: { children: Set<string>; parents: Set<string> },
  checks: MigrationChecks,
): Promise<string[]> {
  const problems: string[] = [];
  const candidates = scope.parents.size > 0 ? Object.keys(after.tables) : tablesNamed(after, scope.children);
  for (const child of candidates) {
    const foreignKeys = after.tables[child]!.foreignKeys;
    if (checks.allowOrphans?.includes(child)) continue;
    for (const name in foreignKeys) {
      const fk = foreignKeys[name]!;
      const parent = fk.references.table;
      if (!scope.children.has(child.toLowerCase()) && !scope.parents.has(parent.toLowerCase())) continue;
      if (!after.tables[parent]) continue;
      const notNull = fk.columns.map((c) => sql`c.${sql.ref(c)} is not null`);
      const matches = fk.columns.map((c, i) => sql`p.${sql.ref(fk.references.columns[i]!)} = c.${sql.ref(c)}`);
      const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(child)} as c
        where ${sql.join(notNull, sql` and `)}
          and not exists (select 1 from ${sql.table(parent)} as p where ${sql.join(matches, sql` and `)})`.execute(db);
      const orphans = Number(rows[0]?.n ?? 0);
      if (orphans > 0) {
        problems.push(`${orphans} row(s) of ${child} point to no row of ${parent} (${name}: ${fk.columns.join(', ')} -> ${fk.references.columns.join(', ')})`);
      }
    }
  }
  return problems;
}

/** The snapshot's table names among `lowerNames` (exact names first, a scan only when needed). */
function tablesNamed(snapshot: SchemaSnapshot, lowerNames: Set<string>): string[] {
  const exact = [...lowerNames].filter((n) => n in snapshot.tables);
  if (exact.length === lowerNames.size) return exact;
  return Object.keys(snapshot.tables).filter((t) => lowerNames.has(t.toLowerCase()));
}

/** Declared `table.column` pairs that still hold NULLs. */
export async function checkNotNull(db: Kysely<any>, checks: MigrationChecks): Promise<string[]> {
  const problems: string[] = [];
  for (const pair of checks.notNull ?? []) {
    const dot = pair.lastIndexOf('.');
    const table = pair.slice(0, dot);
    const column = pair.slice(dot + 1);
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)} where ${sql.ref(column)} is null`.execute(db);
    const nulls = Number(rows[0]?.n ?? 0);
    if (nulls > 0) problems.push(`${pair} has ${nulls} NULL value(s)`);
  }
  return problems;
}

/** Declared row counts (exact or bounded) that do not hold. */
export async function checkRowCounts(db: Kysely<any>, checks: MigrationChecks): Promise<string[]> {
  const problems: string[] = [];
  for (const [table, expected] of Object.entries(checks.rowCounts ?? {})) {
    const n = await countTable(db, table);
    const { min, max } = typeof expected === 'number' ? { min: expected, max: expected } : expected;
    if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
      const want = min === max ? `${min}` : `${min ?? 0}..${max ?? '∞'}`;
      problems.push(`${table} has ${n} rows, expected ${want}`);
    }
  }
  return problems;
}

function allowed(list: string[] | '*' | undefined, table: string): boolean {
  return list === '*' || (list ?? []).some((t) => t.toLowerCase() === table.toLowerCase());
}
