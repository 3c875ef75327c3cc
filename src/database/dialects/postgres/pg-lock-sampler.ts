import type { LockSampler, SampledLock } from '../../lock-sampler.ts';
import { openPgClient } from './session/pg-connection.ts';

/** The relation locks of the other sessions of this database, on user tables only. */
const LOCKS_NOW = `
  SELECT c.relname AS "table", l.mode, l.granted
    FROM pg_catalog.pg_locks l
    JOIN pg_catalog.pg_class c ON c.oid = l.relation
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
   WHERE l.locktype = 'relation'
     AND l.database = (SELECT oid FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database())
     AND l.pid <> pg_catalog.pg_backend_pid()
     AND n.nspname NOT IN ('pg_catalog', 'information_schema')
     AND n.nspname NOT LIKE 'pg\\_toast%'
     AND c.relkind IN ('r', 'p', 'm')`;

/**
 * Samples `pg_locks` from a connection of its own every `intervalMs` until stopped (see
 * startLockSampler). A sample that fails ends sampling quietly: the locks seen so far are returned.
 *
 * @example
 * const sampler = await startPgLockSampler('postgres://…/shop_dihya_scratch_1a2b', 20, [])
 */
export async function startPgLockSampler(url: string, intervalMs: number, ignore: string[]): Promise<LockSampler> {
  const client = await openPgClient(url, 'dihya-migrate lock sampler');
  const seen = new Map<string, { lock: Omit<SampledLock, 'heldMs'>; first: number; last: number }>();
  let stopped = false;
  const sample = async (): Promise<void> => {
    const { rows } = await client.query<{ table: string; mode: string; granted: boolean }>(LOCKS_NOW);
    const now = Date.now();
    for (const row of rows) {
      if (ignore.includes(row.table)) continue;
      const key = `${row.table}\u0000${row.mode}\u0000${row.granted}`;
      const known = seen.get(key);
      if (known) known.last = now;
      else seen.set(key, { lock: { table: row.table, mode: row.mode, granted: row.granted }, first: now, last: now });
    }
  };
  const loop = (async () => {
    while (!stopped) {
      try {
        await sample();
      } catch {
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await client.end().catch(() => undefined);
      return [...seen.values()]
        .map(({ lock, first, last }) => ({ ...lock, heldMs: last - first + intervalMs }))
        .sort((a, b) => a.table.localeCompare(b.table) || a.mode.localeCompare(b.mode));
    },
  };
}
