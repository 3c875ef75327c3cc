import type { CompiledQuery } from 'kysely';
import { format } from 'mysql2';
import type { StatementBatching } from '../../held-statements.ts';

/**
 * MySQL/MariaDB's way of sending several statements in one round trip, on a connection opened with
 * multiple statements allowed (only the runner's own bookkeeping connection is: a migration's
 * statements never go through it). The `?` placeholders of the runner's own statements become
 * literals escaped by mysql2 exactly as it escapes every query's parameters (it sends them inline).
 */
export const mysqlBatching: StatementBatching = {
  inline(query: CompiledQuery): string | undefined {
    const primitive = (value: unknown) =>
      value === null || typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
    return query.parameters.every(primitive) ? format(query.sql, query.parameters as (string | number | boolean | null)[]) : undefined;
  },
  join: (statements) => statements.join(';\n'),
};
