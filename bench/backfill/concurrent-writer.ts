import { sql } from 'kysely';
import { connect } from '../../src/database/connect.ts';

/** Latencies of a writer's single-row updates, ms. */
export interface WriterReport {
  writes: number;
  /** Writes that failed (a lock wait timeout under a long transaction); their latency counts up to the failure. */
  failed: number;
  p50: number;
  p99: number;
  max: number;
}

/**
 * A writer on its own connection updating random accounts one row at a time (autocommit) until
 * stopped, recording each statement's latency: what an application sees while a backfill or a
 * bare UPDATE holds row locks.
 *
 * @example
 * const writer = await startWriter(url, 5_000_000)
 * await work()
 * const report = await writer.stop() // { writes, failed, p50, p99, max }
 */
export async function startWriter(url: string, rows: number): Promise<{ stop(): Promise<WriterReport> }> {
  const target = await connect(url);
  const latencies: number[] = [];
  let failed = 0;
  let stopping = false;
  const loop = (async () => {
    while (!stopping) {
      const id = 1 + Math.floor(Math.random() * rows);
      const started = performance.now();
      try {
        await sql`update accounts set pad = ${`w ${id}`} where id = ${id}`.execute(target.db);
      } catch {
        failed++;
      }
      latencies.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();
  return {
    async stop() {
      stopping = true;
      await loop;
      await target.close();
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return { writes: sorted.length, failed, p50: at(0.5), p99: at(0.99), max: sorted.at(-1) ?? 0 };
    },
  };
}
