import type { DialectName } from './dialect-name.ts';
import { sqlSyntax } from './sql-syntax.ts';

/** A table name as SQL writes it: bare or quoted ("", ``, []), optionally schema-qualified (a regex source). */
export const SQL_TABLE_NAME = String.raw`(?:[\`"\[]?[\w$]+[\`"\]]?)(?:\.(?:[\`"\[]?[\w$]+[\`"\]]?))?`;

/**
 * A table name as written in SQL -> as the schema snapshot names it: quotes off; on PostgreSQL
 * unquoted names fold to lower case and `public.` is dropped; elsewhere the table part only
 * (compare it ignoring case).
 *
 * @example
 * canonicalTableName('public.Orders', 'postgres') // 'orders'
 * canonicalTableName('`shop`.`Orders`', 'mysql')  // 'Orders'
 */
export function canonicalTableName(written: string, dialect: DialectName): string {
  const syntax = sqlSyntax(dialect);
  const parts = written.split('.').map((p) => {
    const quoted = /^[`"[]/.test(p);
    const bare = p.replace(/^[`"[]|[`"\]]$/g, '');
    return syntax.unquotedNamesFoldToLower && !quoted ? bare.toLowerCase() : bare;
  });
  if (syntax.defaultSchema !== undefined) return parts.length === 2 && parts[0] === syntax.defaultSchema ? parts[1]! : parts.join('.');
  return parts.at(-1)!;
}
