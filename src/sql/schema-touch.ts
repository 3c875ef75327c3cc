import { rememberLast } from './remember-last.ts';
import { stripLeadingComments } from './split-sql.ts';
import { SQL_TABLE_NAME } from './sql-names.ts';

const IDENT = SQL_TABLE_NAME;
const LIST = String.raw`${IDENT}(?:\s*,\s*${IDENT})*`;

/** Statements that never change tables, views or indexes. */
const NO_SCHEMA_CHANGE =
  /^(select|insert|update|delete|truncate|with|replace|values|explain|show|describe|set|reset|pragma|savepoint|release|begin|start|commit|rollback|end|lock|unlock|call|do\s+(?!\$)|copy|analyze|vacuum|cluster|reindex|checkpoint|discard|listen|notify|prepare|execute|deallocate|declare|fetch|close|move|grant|revoke|comment|security|refresh|get_lock|create\s+(or\s+replace\s+)?(temp|temporary\s+)?(function|procedure|trigger|sequence|event|role|user|aggregate|operator|cast|collation|language|policy|publication|subscription|statistics|extension|schema|rule)\b|alter\s+(function|procedure|sequence|event|role|user|schema|default\s+privileges|system|database|extension)\b|drop\s+(function|procedure|trigger|sequence|event|role|user|policy|statistics|rule)\b)/i;

const PATTERNS: RegExp[] = [
  new RegExp(String.raw`^create\s+(?:(?:global\s+|local\s+)?(?:temp|temporary|unlogged)\s+)?table\s+(?:if\s+not\s+exists\s+)?(${IDENT})`, 'i'),
  new RegExp(
    String.raw`^alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?(${IDENT})(?:[\s\S]*\brename\s+(?:to\s+|as\s+)?(?!column\b|index\b|key\b|constraint\b)(${IDENT}))?`,
    'i',
  ),
  new RegExp(String.raw`^drop\s+table\s+(?:if\s+exists\s+)?(${LIST})`, 'i'),
  new RegExp(
    String.raw`^create\s+(?:unique\s+)?(?:fulltext\s+|spatial\s+)?index\s+(?:concurrently\s+)?(?:if\s+not\s+exists\s+)?(?:${IDENT}\s+)?on\s+(?:only\s+)?(${IDENT})`,
    'i',
  ),
  new RegExp(String.raw`^drop\s+index\s+(?:concurrently\s+)?(?:if\s+exists\s+)?${IDENT}\s+on\s+(${IDENT})`, 'i'),
  new RegExp(String.raw`^rename\s+table\s+([\s\S]+)$`, 'i'),
];

/** What a statement may have changed in the schema. */
export type SchemaTouch = { kind: 'none' } | { kind: 'tables'; tables: string[]; indexes?: string[] } | { kind: 'views' } | { kind: 'unknown' };

/**
 * Which tables a statement can change the structure of, as written in it, so the schema snapshot
 * after a migration only re-reads those. Anything not recognized is `unknown` (read everything again).
 *
 * @example
 * schemaTouch('alter table items add column price int') // { kind: 'tables', tables: ['items'] }
 * schemaTouch('update items set price = 1')              // { kind: 'none' }
 * schemaTouch('drop index items_name')                   // { kind: 'tables', tables: [], indexes: ['items_name'] }
 */
export const schemaTouch = rememberLast((sql: string): SchemaTouch => {
  const text = stripLeadingComments(sql);
  if (/^(create|alter|drop)\s+(or\s+replace\s+)?(materialized\s+)?(algorithm\s*=\s*\w+\s+)?(definer\s*=\s*\S+\s+)?(sql\s+security\s+\w+\s+)?view\b/i.test(text))
    return { kind: 'views' };
  for (const pattern of PATTERNS) {
    const match = pattern.exec(text);
    if (!match) continue;
    if (pattern.source.startsWith('^rename')) {
      return {
        kind: 'tables',
        tables: match[1]!
          .split(/\s*,\s*|\s+to\s+/i)
          .map((t) => t.trim())
          .filter(Boolean),
      };
    }
    const names = match
      .slice(1)
      .filter((g): g is string => g !== undefined)
      .flatMap((g) => g.split(',').map((t) => t.trim()));
    return { kind: 'tables', tables: names };
  }
  const dropIndex = new RegExp(String.raw`^drop\s+index\s+(?:concurrently\s+)?(?:if\s+exists\s+)?(${LIST})\s*(?:cascade|restrict)?\s*$`, 'i').exec(text);
  if (dropIndex) return { kind: 'tables', tables: [], indexes: dropIndex[1]!.split(',').map((t) => t.trim()) };
  if (NO_SCHEMA_CHANGE.test(text)) return { kind: 'none' };
  return { kind: 'unknown' };
});

const DML_TARGET = new RegExp(
  String.raw`^(?:insert\s+(?:ignore\s+)?into|replace\s+into|update(?:\s+only)?|delete\s+from(?:\s+only)?|merge\s+into)\s+(${IDENT})`,
  'i',
);

/** PostgreSQL `COPY t [(columns)] FROM …`: rows inserted into `t` (COPY … TO writes no table). */
const COPY_FROM = new RegExp(String.raw`^copy\s+(${IDENT})(?:\s*\([^)]*\))?\s+from\b`, 'i');

/**
 * The table a data-changing statement writes to, as written in it (for the foreign-key check).
 *
 * @example
 * tableWrittenByDml('insert into "orders" ("id") values ($1)') // '"orders"'
 * tableWrittenByDml('copy public.items (id) from stdin')      // 'public.items'
 * tableWrittenByDml('select 1')                                // undefined
 */
export const tableWrittenByDml = rememberLast((sql: string): string | undefined => {
  const text = stripLeadingComments(sql);
  return DML_TARGET.exec(text)?.[1] ?? COPY_FROM.exec(text)?.[1];
});

/** True when a data-changing statement can remove or change existing rows (not a plain INSERT). */
export function changesExistingRows(sql: string): boolean {
  return /^(update|delete|replace|merge|insert\s[\s\S]*\bon\s+(conflict|duplicate\s+key)\b)/i.test(stripLeadingComments(sql));
}
