import { sql, type RawBuilder } from 'kysely';
import type { DialectName } from './parse-url.ts';

/**
 * A table of a schema snapshot (see SchemaSnapshot for the naming rule) as an SQL identifier. A
 * dot is part of the name on SQLite and MariaDB/MySQL (a snapshot covers one database); on
 * PostgreSQL it separates the schema, and a name that holds a dot itself comes double-quoted
 * (`"odd.name"`, `shop."odd.name"`).
 *
 * @example
 * sql`select count(*) from ${tableRef('odd.name', 'sqlite')}`   // select count(*) from "odd.name"
 * sql`select count(*) from ${tableRef('shop.orders', 'postgres')}` // select count(*) from "shop"."orders"
 */
export function tableRef(name: string, dialect: DialectName): RawBuilder<unknown> {
  // Only PostgreSQL names carry a schema part here (the dispatch stays in this file, as in connect.ts).
  switch (dialect) {
    case 'postgres':
      break;
    default:
      return sql.id(name);
  }
  const quoted = /^(?:([^."]+)\.)?"((?:[^"]|"")*)"$/.exec(name);
  if (quoted) {
    const table = quoted[2]!.replaceAll('""', '"');
    return quoted[1] === undefined ? sql.id(table) : sql.id(quoted[1], table);
  }
  const dot = name.indexOf('.');
  return dot === -1 ? sql.id(name) : sql.id(name.slice(0, dot), name.slice(dot + 1));
}
