import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { connect } from '../../src/database/connect.ts';
import { cli, runCliProcess, startCli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS } from '../helpers/databases.ts';
import { query } from '../helpers/tables.ts';
import { sleep } from '../../src/util/sleep.ts';
import { auditEvents, backfillProject, incrementBackfill, seedCounters } from './backfill-fixture.ts';

/** SIGKILLs per dialect during one backfill (`DIHYA_BACKFILL_KILLS=20` for the figure; a few in `npm test`). */
const KILLS = Number(process.env.DIHYA_BACKFILL_KILLS ?? 4);
/** Enough batches (20 rows each) for every kill to land mid-walk, up to ~15 batches apart. */
const ROWS = Math.max(1500, KILLS * 300);

/** Rows done according to the checkpoint, or -1 while it cannot be read (not there yet, or the database busy). */
async function rowsDone(url: string): Promise<number> {
  try {
    const rows = await query<{ n: number | string }>(url, 'select rows_done as n from dihya_migrations_backfills');
    return rows[0] ? Number(rows[0].n) : -1;
  } catch {
    return -1;
  }
}

describe.each(DIALECTS)('backfill killed with SIGKILL on %s', (dialect) => {
  it(
    `resumes after ${KILLS} kills at random moments of the walk, every row updated exactly once`,
    async () => {
      const db = await createScratchDatabase(dialect);
      const project = backfillProject({
        '20260101000000_seed.ts': seedCounters(ROWS),
        '20260102000000_increment.ts': incrementBackfill({ batchSize: 20, sleepMs: 8 }),
      });
      try {
        let kills = 0;
        let finished = false;
        for (let attempt = 0; kills < KILLS && !finished && attempt < KILLS * 3; attempt++) {
          const before = await rowsDone(db.url);
          const run = startCli(['up', '--url', db.url], { cwd: project.dir });
          let exited = false;
          void run.done.then(() => (exited = true));
          // Wait for the walk to move on from where the last kill left it, then kill at a random moment.
          while (!exited && (await rowsDone(db.url)) <= before) await sleep(20);
          if (!exited) {
            await sleep(Math.random() * 150);
            if (!exited) {
              run.child.kill('SIGKILL');
              kills++;
            }
          }
          const result = await run.done;
          if (result.code === 0) finished = true;
        }
        const last = await runCliProcess(['up', '--url', db.url, '--json'], { cwd: project.dir });
        expect(last.code, last.stdout + last.stderr).toBe(0);
        expect(kills).toBe(KILLS);

        const counts = await query<{ n: number | string; c: number | string }>(db.url, 'select n, count(*) as c from counters group by n');
        expect(counts.map((r) => [Number(r.n), Number(r.c)])).toEqual([[1, ROWS]]);
        const checkpoint = await query<{ rows_done: number | string; status: string }>(db.url, 'select rows_done, status from dihya_migrations_backfills');
        expect(checkpoint.map((r) => [Number(r.rows_done), r.status])).toEqual([[ROWS, 'done']]);
        const status = await cli(['status', '--url', db.url, '--json'], project.dir);
        expect(status.json.problems).toEqual([]);
        expect(status.json.entries.map((e: { state: string }) => e.state)).toEqual(['applied', 'applied']);
        const verify = await cli(['audit', 'verify', '--url', db.url, '--json'], project.dir);
        expect(verify.code, verify.stdout).toBe(0);
        const events = (await auditEvents(db.url)).map((e) => e.event).filter((e) => e.startsWith('backfill.'));
        expect(events.filter((e) => e === 'backfill.started')).toHaveLength(1);
        expect(events.filter((e) => e === 'backfill.finished')).toHaveLength(1);
        expect(events.filter((e) => e === 'backfill.resumed').length).toBeGreaterThan(0);
        process.stdout.write(
          `${dialect}: ${kills} SIGKILL(s) during the backfill, ${ROWS} rows each updated exactly once, ${events.filter((e) => e === 'backfill.resumed').length} resume(s)\n`,
        );
      } finally {
        await db.drop();
        project.cleanup();
      }
    },
    90_000 + KILLS * 30_000,
  );

  it('loses no write of a concurrent writer, and shows its progress in status while cut short', async () => {
    const db = await createScratchDatabase(dialect);
    const project = backfillProject({
      '20260101000000_seed.ts': seedCounters(600, 1),
      '20260102000000_increment.ts': incrementBackfill({ batchSize: 15, sleepMs: 5 }),
    });
    const writer = await connect(db.url);
    try {
      expect((await cli(['up', '--to', '20260101000000', '--url', db.url], project.dir)).code).toBe(0);
      const writes = new Map<number, number>();
      let stop = false;
      const writing = (async () => {
        // From the first batch on (a SQLite online backup would start again at each write).
        while (!stop && (await rowsDone(db.url)) <= 0) await sleep(10);
        while (!stop) {
          const id = 1 + Math.floor(Math.random() * 600);
          try {
            await sql`update counters set n = n + 10 where id = ${id}`.execute(writer.db);
            writes.set(id, (writes.get(id) ?? 0) + 1);
          } catch {
            // SQLite: the database was busy; the write did not happen
          }
          await sleep(3);
        }
      })();
      // In its own process: node:sqlite waits for a busy database synchronously, which would stall a backfill in this one.
      const up = await runCliProcess(['up', '--url', db.url], { cwd: project.dir });
      stop = true;
      await writing;
      expect(up.code, up.stdout + up.stderr).toBe(0);
      expect(writes.size).toBeGreaterThan(0);
      const rows = await query<{ id: number | string; n: number | string }>(db.url, 'select id, n from counters');
      for (const row of rows) expect(Number(row.n)).toBe(1 + 10 * (writes.get(Number(row.id)) ?? 0));

      // A backfill cut short shows as such in status, with its progress, and is no problem to settle.
      await query(
        db.url,
        'update dihya_migrations set status = \'running\', progress = \'{"direction":"up","done":300,"total":600}\' where version = \'20260102000000\'',
      );
      const status = await cli(['status', '--url', db.url], project.dir);
      expect(status.stdout).toContain('backfilling 300/600');
      const json = await cli(['status', '--url', db.url, '--json'], project.dir);
      expect(json.json.problems).toEqual([]);
      expect(json.json.entries[1]).toMatchObject({ state: 'backfilling', progress: { done: 300, total: 600 } });
    } finally {
      await writer.close();
      await db.drop();
      project.cleanup();
    }
  }, 240_000);
  it('pauses while the pause file exists, without losing its place, and audits the pause', async () => {
    const db = await createScratchDatabase(dialect);
    const project = backfillProject({
      '20260101000000_seed.ts': seedCounters(300),
      '20260102000000_increment.ts': incrementBackfill({ batchSize: 10, extra: 'throttle: { checkEveryMs: 50 },' }),
    });
    try {
      expect((await cli(['up', '--to', '20260101000000', '--url', db.url], project.dir)).code).toBe(0);
      const pauseFile = path.join(project.dir, '.dihya', 'backfill.pause');
      writeFileSync(pauseFile, '');
      const run = startCli(['up', '--url', db.url], { cwd: project.dir });
      const paused = async () => (await auditEvents(db.url).catch(() => [])).some((e) => e.event === 'backfill.paused');
      while (!(await paused())) await sleep(50);
      expect(await rowsDone(db.url)).toBe(0);
      rmSync(pauseFile);
      const result = await run.done;
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const events = (await auditEvents(db.url)).filter((e) => e.event.startsWith('backfill.'));
      expect(events.map((e) => e.event)).toEqual(['backfill.started', 'backfill.paused', 'backfill.unpaused', 'backfill.finished']);
      expect(events[1]).toMatchObject({ reason: 'pause-file', rowsDone: 0 });
      const counts = await query<{ n: number | string; c: number | string }>(db.url, 'select n, count(*) as c from counters group by n');
      expect(counts.map((r) => [Number(r.n), Number(r.c)])).toEqual([[1, 300]]);
    } finally {
      await db.drop();
      project.cleanup();
    }
  }, 240_000);

  it('pauses on SIGUSR2 and goes on at the next one, without losing its place, audited once each way', async () => {
    const db = await createScratchDatabase(dialect);
    const project = backfillProject({
      '20260101000000_seed.ts': seedCounters(400),
      '20260102000000_increment.ts': incrementBackfill({ batchSize: 10, sleepMs: 15, extra: 'throttle: { checkEveryMs: 50 },' }),
    });
    try {
      expect((await cli(['up', '--to', '20260101000000', '--url', db.url], project.dir)).code).toBe(0);
      const run = startCli(['up', '--url', db.url], { cwd: project.dir });
      // The handler is in place from the first batch on (before it, SIGUSR2 would end the process).
      while ((await rowsDone(db.url)) <= 0) await sleep(10);
      run.child.kill('SIGUSR2');
      const pause = async () => (await auditEvents(db.url).catch(() => [])).find((e) => e.event === 'backfill.paused');
      let paused = await pause();
      while (!paused) paused = (await sleep(20), await pause());
      const atPause = await rowsDone(db.url);
      expect(paused).toMatchObject({ reason: 'signal', rowsDone: atPause });
      expect(atPause).toBeLessThan(400);
      // Paused: no batch commits while several would have.
      await sleep(400);
      expect(await rowsDone(db.url)).toBe(atPause);
      run.child.kill('SIGUSR2');
      const result = await run.done;
      expect(result.code, result.stdout + result.stderr).toBe(0);
      const events = (await auditEvents(db.url)).filter((e) => e.event.startsWith('backfill.'));
      expect(events.map((e) => e.event)).toEqual(['backfill.started', 'backfill.paused', 'backfill.unpaused', 'backfill.finished']);
      expect(events[2]).toMatchObject({ reason: 'signal', rowsDone: atPause });
      const counts = await query<{ n: number | string; c: number | string }>(db.url, 'select n, count(*) as c from counters group by n');
      expect(counts.map((r) => [Number(r.n), Number(r.c)])).toEqual([[1, 400]]);
    } finally {
      await db.drop();
      project.cleanup();
    }
  }, 240_000);
});
