import type { Kysely } from 'kysely';
import type { DialectName } from '../database/parse-url.ts';
import { diffSchemas, type SchemaChange } from '../database/schema-diff.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { Target } from '../database/target.ts';
import { changesExistingRows, schemaTouch, tableWrittenByDml } from '../sql/schema-touch.ts';
import { sameTableName, sqlSyntax } from '../sql/sql-syntax.ts';
import { isOpaque } from '../sql/statement-kinds.ts';
import { canonicalTableName } from '../sql/sql-names.ts';

/**
 * Follows a migration's statements to know what the schema snapshot after it must re-read:
 * nothing (only data changed), some tables (and the views), or everything (a statement it does not
 * recognize). This keeps the per-migration snapshot cheap on databases with many tables.
 *
 * @example
 * const tracker = new SchemaTracker(target, before, ownTables)
 * tracker.observe('alter table items add column price int')
 * const { after, changes } = await tracker.snapshotAfter(trx) // re-reads `items` only
 */
export class SchemaTracker {
  readonly #target: Target;
  readonly #before: SchemaSnapshot;
  readonly #exclude: string[];
  readonly #tables = new Set<string>();
  /** Tables whose structure or rows the migration's statements changed (checked as foreign-key children). */
  readonly written = new Set<string>();
  /** Tables whose existing rows were updated or deleted (checked as foreign-key parents). */
  readonly rowsChanged = new Set<string>();
  #views = false;
  #everything = false;

  constructor(target: Target, before: SchemaSnapshot, exclude: string[]) {
    this.#target = target;
    this.#before = before;
    this.#exclude = exclude;
  }

  observe(sql: string): void {
    const dmlTarget = tableWrittenByDml(sql);
    if (dmlTarget) {
      this.written.add(canonicalTableName(dmlTarget, this.#target.dialect));
      if (changesExistingRows(sql)) this.rowsChanged.add(canonicalTableName(dmlTarget, this.#target.dialect));
    }
    if (this.#everything) return;
    // CALL, EXECUTE, DO: what they change cannot be read from their text, so everything is compared.
    if (isOpaque(sql, this.#target.dialect)) {
      this.#everything = true;
      return;
    }
    const touch = schemaTouch(sql);
    if (touch.kind === 'unknown') this.#everything = true;
    else if (touch.kind === 'views') this.#views = true;
    else if (touch.kind === 'tables') {
      for (const written of touch.tables) {
        this.#tables.add(canonicalTableName(written, this.#target.dialect));
        this.written.add(canonicalTableName(written, this.#target.dialect));
      }
      for (const index of touch.indexes ?? []) {
        const owner = ownerOfIndex(this.#before, canonicalTableName(index, this.#target.dialect));
        if (owner) this.#tables.add(owner);
        else this.#everything = true;
      }
    }
  }

  /**
   * The schema after the migration, re-reading only what its statements may have changed, and
   * the schema changes (found by comparing only the tables that may have changed).
   */
  async snapshotAfter(db: Kysely<any>): Promise<{ after: SchemaSnapshot; changes: SchemaChange[] }> {
    if (this.#everything) {
      const after = await this.#target.snapshotSchema(db, this.#exclude);
      return { after, changes: diffSchemas(this.#before, after) };
    }
    if (this.#tables.size === 0 && !this.#views) return { after: this.#before, changes: [] };
    const dialect = this.#target.dialect;
    const touched = [...this.#tables].filter((t) => !this.#exclude.some((e) => sameTableName(e, t, sqlSyntax(dialect))));
    // Only a view statement makes a view where there was none (a rename or DROP … CASCADE changes existing ones).
    const viewsUnchanged = !this.#views && Object.keys(this.#before.views).length === 0;
    const fresh = await this.#target.snapshotSchema(db, this.#exclude, touched, viewsUnchanged ? { views: false } : {});
    // The run hands each migration the previous one's snapshot and keeps only the new one, so the
    // tables are updated in place instead of copied (a copy per migration is quadratic in tables).
    const tables = this.#before.tables;
    const beforePart: SchemaSnapshot = { tables: {}, views: this.#before.views };
    for (const name of keysNamed(this.#before.tables, touched, Object.keys(fresh.tables), dialect)) {
      beforePart.tables[name] = this.#before.tables[name]!;
      delete tables[name];
    }
    Object.assign(tables, fresh.tables);
    const views = viewsUnchanged ? this.#before.views : fresh.views;
    return { after: { tables, views }, changes: diffSchemas(beforePart, { tables: fresh.tables, views }) };
  }
}

/**
 * The keys of `tables` that name one of `names` (exactly on PostgreSQL, ignoring case elsewhere).
 * Names found as they are, or whose table exists now under its real name (`freshNames`), need no
 * scan; only a name matching neither (a table dropped under another case) scans every key.
 */
function keysNamed(tables: Record<string, unknown>, names: string[], freshNames: string[], dialect: DialectName): string[] {
  if (sqlSyntax(dialect).caseSensitiveNames) return names.filter((n) => n in tables);
  const found = new Set<string>();
  const missing: string[] = [];
  for (const name of names) {
    const real = name in tables ? name : freshNames.find((f) => f.toLowerCase() === name.toLowerCase());
    if (real !== undefined) {
      if (real in tables) found.add(real);
    } else missing.push(name.toLowerCase());
  }
  if (missing.length > 0) for (const key of Object.keys(tables)) if (missing.includes(key.toLowerCase())) found.add(key);
  return [...found];
}

function ownerOfIndex(snapshot: SchemaSnapshot, index: string): string | undefined {
  return Object.entries(snapshot.tables).find(([, t]) => Object.keys(t.indexes).some((i) => i.toLowerCase() === index.toLowerCase()))?.[0];
}
