import { sql } from 'kysely';
import type { ForeignEntry, ForeignHistoryReader } from '../foreign-history.ts';
import { isoTime } from '../foreign-history.ts';

interface FlywayRow {
  installed_rank: number;
  version: string | null;
  script: string;
  type: string;
  checksum: number | string | null;
  installed_on: unknown;
  execution_time: number | string;
  success: boolean | number | string;
}

/**
 * Flyway's `flyway_schema_history`, in `installed_rank` order: `SQL`/`JDBC` rows are applied (or
 * failed when `success` is false), a `BASELINE` row counts every version up to its own, an
 * `UNDO_SQL` row takes its version back, `DELETE` rows are skipped. Repeatable rows (no version)
 * are named by their script (`R__views.sql` → `R__views`).
 *
 * @example
 * const entries = await flywayHistory.read(db, 'flyway_schema_history')
 */
export const flywayHistory: ForeignHistoryReader = {
  tool: 'flyway',
  defaultTable: 'flyway_schema_history',
  async read(db, table) {
    const { rows } = await sql<FlywayRow>`select * from ${sql.table(table)} order by installed_rank`.execute(db);
    const entries: ForeignEntry[] = [];
    for (const row of rows) {
      const success = row.success === true || row.success === 1 || row.success === '1' || row.success === 't';
      const appliedAt = isoTime(row.installed_on);
      const common = { ...(appliedAt ? { appliedAt } : {}), durationMs: Number(row.execution_time) || 0 };
      if (row.type === 'DELETE' || row.type === 'SCHEMA') continue;
      if (row.type === 'BASELINE') {
        if (row.version) entries.push({ version: row.version, status: 'applied', upTo: true, baseline: true, ...common });
        continue;
      }
      if (row.type === 'UNDO_SQL') {
        const undone = entries.findIndex((e) => e.version === row.version);
        if (undone !== -1 && success) entries.splice(undone, 1);
        continue;
      }
      const checksum = row.checksum === null ? undefined : { kind: 'flyway-crc32' as const, value: String(row.checksum) };
      const id = row.version ? { version: row.version } : { name: row.script.replace(/\.sql$/, '') };
      const earlier = entries.findIndex((e) => (id.version !== undefined ? e.version === id.version : e.name === id.name));
      if (earlier !== -1) entries.splice(earlier, 1);
      entries.push({ ...id, status: success ? 'applied' : 'failed', ...common, ...(checksum ? { checksum } : {}) });
    }
    return entries;
  },
};
