import type { DialectName } from './dialect-name.ts';
import { maskLiterals } from './mask-literals.ts';
import { rememberLast } from './remember-last.ts';
import { SQL_TABLE_NAME } from './sql-names.ts';

const IDENT = SQL_TABLE_NAME;
const LIST = String.raw`${IDENT}(?:\s*,\s*${IDENT})*`;

/** What a statement can remove rows from, as written in it. */
export interface RowRemoval {
  /** Tables named by DELETE (anywhere: in a WITH, a MySQL multi-table DELETE), TRUNCATE, DROP TABLE or MERGE … DELETE. */
  tables: string[];
  /** TRUNCATE … CASCADE / DROP TABLE … CASCADE: the tables referencing them lose rows too. */
  cascade: boolean;
}

const PATTERNS: RegExp[] = [
  // DELETE FROM t, DELETE FROM ONLY t, also inside a WITH (data-modifying CTE)
  new RegExp(String.raw`\bdelete\s+(?:low_priority\s+|quick\s+|ignore\s+)*from\s+(?:only\s+)?(${IDENT})`, 'gi'),
  // MySQL multi-table: DELETE t1, t2 FROM … / DELETE FROM t1, t2 USING …
  new RegExp(String.raw`\bdelete\s+(?:low_priority\s+|quick\s+|ignore\s+)*(${LIST})\s+from\b`, 'gi'),
  new RegExp(String.raw`\bdelete\s+from\s+(${LIST})\s+using\b`, 'gi'),
  new RegExp(String.raw`^\s*truncate\s+(?:table\s+)?(?:only\s+)?(${LIST})`, 'gi'),
  new RegExp(String.raw`^\s*drop\s+table\s+(?:if\s+exists\s+)?(${LIST})`, 'gi'),
  // MERGE INTO t … WHEN MATCHED THEN DELETE
  new RegExp(String.raw`^\s*merge\s+into\s+(${IDENT})(?=[\s\S]*\bthen\s+delete\b)`, 'gi'),
];

/**
 * The tables a statement can remove rows from, read from its text with literals and comments
 * masked. Rows that other tables lose through ON DELETE CASCADE are not in it: the caller follows
 * the schema's foreign keys.
 *
 * @example
 * rowsRemovedBy('with d as (delete from t returning 1) select count(*) from d', 'postgres') // { tables: ['t'], cascade: false }
 * rowsRemovedBy('truncate a, b cascade', 'postgres')                                        // { tables: ['a', 'b'], cascade: true }
 * rowsRemovedBy("update t set note = 'delete from x'", 'postgres')                         // { tables: [], cascade: false }
 */
export const rowsRemovedBy = rememberLast((sql: string, dialect: DialectName): RowRemoval => {
  const text = maskLiterals(sql, dialect);
  const tables = new Set<string>();
  for (const pattern of PATTERNS) {
    pattern.lastIndex = 0;
    for (const match of text.matchAll(pattern)) {
      for (const name of match[1]!.split(',')) tables.add(name.trim());
    }
  }
  const cascade = /^\s*(truncate|drop\s+table)\b[\s\S]*\bcascade\s*;?\s*$/i.test(text);
  return { tables: [...tables], cascade };
});
