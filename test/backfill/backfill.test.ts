import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { query } from '../helpers/tables.ts';
import type { TestProject } from '../helpers/project.ts';
import { auditEvents, backfillProject, incrementBackfill, SEED_PAIRS, seedCounters } from './backfill-fixture.ts';

describe.each(DIALECTS)('backfill on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
  });
  afterEach(async () => {
    await db.drop();
    project?.cleanup();
  });

  it('updates every row of a single key with gaps exactly once, batch by batch, and audits start and finish', async () => {
    project = backfillProject({
      '20260101000000_seed.ts': seedCounters(500),
      '20260102000000_increment.ts': incrementBackfill({ batchSize: 7, targetBatchMs: 0 }),
    });
    const up = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const counts = await query<{ n: number | string; c: number | string }>(db.url, 'select n, count(*) as c from counters group by n');
    expect(counts.map((r) => [Number(r.n), Number(r.c)])).toEqual([[1, 500]]);
    const checkpoint = await query<Record<string, unknown>>(db.url, 'select label, rows_done, rows_total, batches, status from dihya_migrations_backfills');
    expect(checkpoint.map((r) => [r.label, Number(r.rows_done), Number(r.rows_total), Number(r.batches), r.status])).toEqual([
      ['counters', 500, 500, 72, 'done'],
    ]);
    const history = await query<{ status: string }>(db.url, "select status from dihya_migrations where version = '20260102000000'");
    expect(history).toEqual([{ status: 'applied' }]);
    const events = (await auditEvents(db.url)).filter((e) => e.event.startsWith('backfill.'));
    expect(events.map((e) => e.event)).toEqual(['backfill.started', 'backfill.finished']);
    expect(events[1]).toMatchObject({ label: 'counters', table: 'counters', rowsDone: 500, batches: 72, passes: 1 });
  });

  it('walks a composite key with gaps, only the rows matching where, reverts with down, and walks again after', async () => {
    project = backfillProject({
      '20260101000000_pairs.ts': SEED_PAIRS,
      '20260102000000_fill.ts': `export default {
  description: 'fill pairs',
  backfill: true,
  async up({ backfill, sql }) {
    await backfill({ table: 'pairs', set: { n: sql\`n + 1\` }, where: "b <> 'k004'", batchSize: 9, targetBatchMs: 0 });
  },
  async down({ backfill, sql }) {
    await backfill({ table: 'pairs', set: { n: sql\`n - 1\` }, where: "b <> 'k004'", batchSize: 9, targetBatchMs: 0 });
  },
};
`,
    });
    const up = await cli(['up', '--url', db.url], project.dir);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const rows = await query<{ b: string; n: number | string }>(db.url, 'select b, n from pairs');
    expect(rows).toHaveLength(14 * 13);
    for (const row of rows) expect(Number(row.n)).toBe(row.b === 'k004' ? 0 : 1);
    const down = await cli(['down', '--url', db.url], project.dir);
    expect(down.code, down.stdout + down.stderr).toBe(0);
    const after = await query<{ n: number | string }>(db.url, 'select n from pairs');
    expect(after.every((r) => Number(r.n) === 0)).toBe(true);
    expect((await cli(['up', '--url', db.url], project.dir)).code).toBe(0);
    const again = await query<{ b: string; n: number | string }>(db.url, 'select b, n from pairs');
    for (const row of again) expect(Number(row.n)).toBe(row.b === 'k004' ? 0 : 1);
  });

  it('refuses backfill() in a migration that does not declare itself a backfill, rolled back', async () => {
    project = backfillProject({
      '20260101000000_seed.ts': seedCounters(10),
      '20260102000000_undeclared.ts': `export default { description: 'x', async up({ backfill, sql }) { await backfill({ table: 'counters', set: { n: sql\`n + 1\` } }); } };\n`,
    });
    const up = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(up.code).not.toBe(0);
    expect(up.json.error.code).toBe('BACKFILL_NOT_DECLARED');
  });

  it('refuses bad options with their field, and a backfill that asks for a transaction before the lock', async () => {
    project = backfillProject({
      '20260101000000_seed.ts': seedCounters(10),
      '20260102000000_bad.ts': `export default { description: 'x', backfill: true, async up({ backfill }) { await backfill({ table: 'counters', batchSize: 0, set: { n: 1 } }); } };\n`,
    });
    const bad = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(bad.json.error.code).toBe('BACKFILL_OPTIONS_INVALID');
    expect(bad.json.error.message).toContain('batchSize');
    project.write('20260102000000_bad.ts', `export default { description: 'x', backfill: true, transactional: true, async up() {} };\n`);
    const refused = await cli(['up', '--url', db.url, '--json'], project.dir);
    expect(refused.code).toBe(2);
    expect(refused.json.error.code).toBe('BACKFILL_TRANSACTIONAL');
  });
  it('counts its rows for checks.rowsChanged, and refuses down while a backfill is cut short', async () => {
    project = backfillProject({
      '20260101000000_seed.ts': seedCounters(120),
      '20260102000000_increment.ts': incrementBackfill({ batchSize: 50, extra: '' }).replace(
        'backfill: true,',
        'backfill: true,\n  checks: { rowsChanged: { counters: { min: 120, max: 120 } } },',
      ),
    });
    const up = await cli(['up', '--url', db.url], project.dir);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    await query(
      db.url,
      'update dihya_migrations set status = \'running\', progress = \'{"direction":"up","done":50,"total":120}\' where version = \'20260102000000\'',
    );
    const down = await cli(['down', '--url', db.url, '--json'], project.dir);
    expect(down.code).toBe(2);
    expect(down.json.error.code).toBe('BACKFILL_IN_PROGRESS');
    expect(down.json.error.hint).toContain('resolve 20260102000000 --rolled-back');
  });

  it('splits a batch whose UPDATE runs into the statement ceiling, in halves down to the minimum, every row still updated once', async () => {
    // One slow row (300 ms): on PostgreSQL every batch holding it is stopped at the ceiling (120 ms) until the minimum size runs it unbounded.
    const slow = { postgres: '(select 0 from pg_sleep(0.3))', mysql: 'sleep(0.3)', sqlite: '0' }[dialect];
    project = backfillProject({
      '20260101000000_seed.ts': seedCounters(300),
      '20260102000000_slow.ts': `export default {
  description: 'one slow row',
  backfill: true,
  async up({ backfill, sql }) {
    const result = await backfill({ table: 'counters', set: { n: sql\`n + 1 + (case when id = 451 then ${slow} else 0 end)\` }, batchSize: 80, minBatchSize: 5 });
    (await import('node:fs')).writeFileSync(${JSON.stringify(path.join(os.tmpdir(), `dihya-split-${process.pid}-${dialect}.json`))}, JSON.stringify(result));
  },
};
`,
    });
    const up = await cli(['up', '--url', db.url], project.dir);
    expect(up.code, up.stdout + up.stderr).toBe(0);
    const resultFile = path.join(os.tmpdir(), `dihya-split-${process.pid}-${dialect}.json`);
    const result = JSON.parse(readFileSync(resultFile, 'utf8')) as { batchesSplit: number; rowsDone: number; longestBatchMs: number };
    rmSync(resultFile);
    const counts = await query<{ n: number | string; c: number | string }>(db.url, 'select n, count(*) as c from counters group by n');
    expect(counts.map((r) => [Number(r.n), Number(r.c)])).toEqual([[1, 300]]);
    expect(result.rowsDone).toBe(300);
    if (dialect === 'postgres') {
      // 80 rows or more → 40 → 20 → 10 → 5, then the 5 rows with the slow one run without the ceiling.
      expect(result.batchesSplit).toBeGreaterThanOrEqual(4);
    } else {
      // No statement ceiling (MariaDB's undo of a stopped UPDATE would hold the locks longer still).
      expect(result.batchesSplit).toBe(0);
    }
    // The slow row's batch held its locks past the ceiling (SQLite has no sleep: no slow row there).
    if (dialect !== 'sqlite') expect(result.longestBatchMs).toBeGreaterThanOrEqual(300);
  });

  it("runs on the copy in a rehearsal, which reports each pass's throughput (rows, rows/s, batches, longest batch) in text and --json", async () => {
    project = backfillProject({
      '20260101000000_seed.ts': seedCounters(240),
      '20260102000000_increment.ts': incrementBackfill({ batchSize: 25 }),
    });
    expect((await cli(['up', '--to', '20260101000000', '--url', db.url], project.dir)).code).toBe(0);
    const json = await cli(['rehearse', '--url', db.url, '--json'], project.dir);
    expect(json.code, json.stdout + json.stderr).toBe(0);
    const rehearsed = json.json.migrations.find((m: { version: string }) => m.version === '20260102000000');
    for (const pass of ['up', 'down', 'upAgain']) {
      const [backfill] = rehearsed[pass].backfills;
      expect(backfill).toMatchObject({ label: 'counters', table: 'counters', rows: 240, batches: 10 });
      expect(backfill.rowsPerSecond).toBeGreaterThan(0);
      expect(backfill.longestBatchMs).toBeGreaterThanOrEqual(0);
      expect(backfill.longestBatchMs).toBeLessThanOrEqual(backfill.durationMs);
    }
    const text = await cli(['rehearse', '--url', db.url], project.dir);
    expect(text.code, text.stdout + text.stderr).toBe(0);
    expect(text.stdout).toMatch(/backfill counters: 240 row\(s\) in \d+ ms, \d+ rows\/s, 10 batch\(es\), longest batch \d+ ms/);
    // Production: not one row changed, no checkpoint.
    const counts = await query<{ n: number | string; c: number | string }>(db.url, 'select n, count(*) as c from counters group by n');
    expect(counts.map((r) => [Number(r.n), Number(r.c)])).toEqual([[0, 240]]);
    expect(await query(db.url, 'select label from dihya_migrations_backfills')).toEqual([]);
  });
});
