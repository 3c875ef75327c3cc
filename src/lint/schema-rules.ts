import { diffSchemas } from '../database/schema-diff.ts';
import type { LintSubject } from './lint-subject.ts';
import type { RawFinding } from './statement-rules.ts';

const FLOAT_TYPE = /^(real|float|double|float4|float8|double precision)\b/i;
const MONEY_NAME = /(price|amount|total|cost|money|balance|fee|salary|wage|tax|payment|refund|revenue|cents)/i;

/**
 * The rules read from the predicted schema diff (no line: the change, not a statement): a NOT NULL
 * column without default added to (or set on) a table that has rows, a column type change, and
 * a money-like column in a floating-point type.
 *
 * @example
 * schemaFindings(subject) // [{ rule: 'column-type-change', message: 'items.price integer -> bigint' }]
 */
export function schemaFindings(subject: LintSubject): RawFinding[] {
  if (!subject.schemas) return [];
  const { before, after } = subject.schemas;
  const found: RawFinding[] = [];
  for (const change of diffSchemas(before, after)) {
    if (change.kind !== 'column' || !change.table) continue;
    const was = before.tables[change.table]?.columns[change.name];
    const is = after.tables[change.table]?.columns[change.name];
    if (!is) continue;
    const rows = subject.rowCounts[change.table] ?? 0;
    const where = `${change.table}.${change.name}`;
    if (!is.nullable && is.default === null && rows > 0 && (!was || was.nullable)) {
      found.push({ rule: 'not-null-without-default', message: `${where} NOT NULL without default, ${rows} row(s) in ${change.table}` });
    }
    if (was && was.type !== is.type) found.push({ rule: 'column-type-change', message: `${where} ${was.type} -> ${is.type}` });
    if (FLOAT_TYPE.test(is.type) && MONEY_NAME.test(change.name) && (!was || !FLOAT_TYPE.test(was.type))) {
      found.push({ rule: 'money-float', message: `${where} ${is.type}` });
    }
  }
  // A new table's money columns too (a table added is one change in the diff).
  for (const [table, snapshot] of Object.entries(after.tables)) {
    if (before.tables[table]) continue;
    for (const [column, is] of Object.entries(snapshot.columns)) {
      if (FLOAT_TYPE.test(is.type) && MONEY_NAME.test(column)) found.push({ rule: 'money-float', message: `${table}.${column} ${is.type}` });
    }
  }
  return found;
}
