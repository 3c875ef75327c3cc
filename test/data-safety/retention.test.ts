import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';

const migration = (n: number, fail = false) =>
  `-- migrate:up transaction:false\ncreate table t${n} (id integer primary key);\n${fail ? 'insert into no_such_table values (1);\n' : ''}-- migrate:down\ndrop table t${n};\n`;

describe.each(DIALECTS)('backup retention on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const folder = () => {
    const root = path.join(project.dir, '.dihya', 'backups');
    return path.join(root, readdirSync(root)[0]!);
  };
  const list = async () => (await run('backup', 'list')).json.backups as { id: string; kind: string; run?: string; runOutcome?: string; pinned: boolean }[];

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject();
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ backup: { keep: 2 } }));
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('restores the oldest backup when `keep` is reached without deleting it', async () => {
    const first = (await run('backup', 'create', '--reason', 'one')).json.backup.id;
    await run('backup', 'create', '--reason', 'two');
    const restored = await run('backup', 'restore', first, '--yes');
    expect(restored.code, JSON.stringify(restored.json)).toBe(0);
    expect((await list()).map((b) => b.id)).toContain(first);
  });

  it('counts backups per run: step and failed-run backups never push the last good run backup out', async () => {
    project.write('20260101000000_t1.sql', migration(1));
    expect((await run('up')).code).toBe(0);
    const good = (await list()).find((b) => b.kind === 'run')!;
    for (let i = 2; i <= 4; i++) {
      project.write(`2026010${i}000000_t${i}.sql`, migration(i, true));
      expect((await run('up')).code).toBe(1);
      project.remove(`2026010${i}000000_t${i}.sql`);
    }
    const all = await list();
    expect(all.map((b) => b.id)).toContain(good.id);
    expect(all.filter((b) => b.runOutcome === 'failed').length).toBeLessThanOrEqual(2);
    expect(all.find((b) => b.id === good.id)!.runOutcome).toBe('ok');
  });

  it('pins and unpins, prunes on demand, and sweeps folders a killed backup left without a manifest', async () => {
    const ids: string[] = [];
    for (const reason of ['a', 'b', 'c']) ids.push((await run('backup', 'create', '--reason', reason)).json.backup.id);
    // keep: 2 — the first one went when the third was taken.
    expect((await list()).map((b) => b.id)).toEqual([ids[2], ids[1]]);
    expect((await run('backup', 'pin', ids[1]!)).code).toBe(0);
    mkdirSync(path.join(folder(), '20200101T000000000Z-run-dead'), { mode: 0o700 });
    writeFileSync(path.join(folder(), '20200101T000000000Z-run-dead', 'dump.sql'), 'half');
    const pruned = await run('backup', 'prune', '--keep', '1');
    expect(pruned.code).toBe(0);
    expect(pruned.json.removed).toEqual(['20200101T000000000Z-run-dead']);
    const listed = await list();
    expect(listed.map((b) => b.id)).toEqual([ids[2], ids[1]]);
    expect(listed.find((b) => b.id === ids[1])!.pinned).toBe(true);
    expect((await run('backup', 'unpin', ids[1]!)).code).toBe(0);
    expect((await run('backup', 'prune', '--keep', '1')).json.removed).toEqual([ids[1]]);
    expect((await run('backup', 'prune', '--older-than', '1x')).code).toBe(2);
    const text = await cli(['backup', 'list', '--url', db.url], project.dir);
    expect(text.stdout).toMatch(/taken at.*kind.*method.*size.*tables.*last applied.*reason/);
    const audit = (await run('audit', 'show')).json.entries.map((e: { event: string }) => e.event);
    expect(audit).toEqual(expect.arrayContaining(['backup.pinned', 'backup.unpinned', 'backup.pruned']));
  });
});
