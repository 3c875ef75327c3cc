import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { en } from '../../src/cli/i18n/messages-en.ts';
import { fr } from '../../src/cli/i18n/messages-fr.ts';
import type { CliIo, ProgressStream } from '../../src/cli/output.ts';
import { progressDisplay, progressPrinter } from '../../src/cli/progress.ts';
import { Migrator } from '../../src/index.ts';
import type { RunEvent } from '../../src/pipeline/run-events.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';

/** A stream that says it is a terminal (or not), and keeps what is written to it. */
function fakeTerminal(isTTY: boolean): ProgressStream & { written: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; columns: number };
  stream.isTTY = isTTY;
  stream.columns = 120;
  let written = '';
  stream.on('data', (chunk) => (written += chunk));
  return Object.assign(stream, { written: () => written });
}

const ESC = String.fromCharCode(27);
const plain = (text: string) => text.replace(new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}[78]`, 'g'), '');
const tick = () => new Promise((resolve) => setTimeout(resolve, 250));

describe('the progress display of long work', () => {
  let lines: string[];
  const io = (progress: ProgressStream): CliIo => ({ out: (l) => lines.push(l), err: (l) => lines.push(l), progress });
  beforeEach(() => {
    lines = [];
  });

  it('draws the phase, bytes done and elapsed time in place on a terminal, then clears its line', async () => {
    const terminal = fakeTerminal(true);
    const listener = progressDisplay(io(terminal), en, true);
    listener({ type: 'progress', task: 'backup', phase: 'dumping', done: 3 * 1024 * 1024, unit: 'bytes' });
    await tick();
    listener({ type: 'progress', task: 'backup', phase: 'checksums', done: 512, total: 2048, unit: 'bytes' });
    await tick();
    const drawn = plain(terminal.written());
    expect(drawn).toMatch(/backup · dumping {2}3\.0 MiB {2}\d+\.\d s/);
    expect(drawn).toMatch(/backup · checksums {2}\[[^\]]{24}\] 25% {2}512 B \/ 2\.0 KiB {2}\d+\.\d s/);
    listener({ type: 'progress', task: 'backup', phase: 'done' });
    const afterDone = terminal.written().length;
    await tick();
    expect(terminal.written().length).toBe(afterDone); // stopped: no more redraws
    expect(terminal.written().endsWith('\x1b[2K')).toBe(true);
    expect(lines).toEqual([]);
  });

  it('shows a running migration with its elapsed time, between the lines of the run, in French too', async () => {
    const terminal = fakeTerminal(true);
    const listener = progressPrinter(io(terminal), fr, true);
    listener({ type: 'migration-start', version: '20260101000000', name: '20260101000000_big', direction: 'up', transactional: true, index: 1, count: 1 });
    listener({ type: 'progress', task: '20260101000000_big', phase: 'batches', done: 1200, total: 5000, unit: 'rows' });
    await tick();
    listener({ type: 'migration-done', version: '20260101000000', name: '20260101000000_big', direction: 'up', durationMs: 1234 });
    listener.stop?.();
    expect(plain(terminal.written())).toMatch(/20260101000000_big · batches {2}\[[^\]]+\] 24% {2}1200 \/ 5000 rows {2}\d+\.\d s/);
    expect(lines).toEqual(['→ application de 20260101000000_big', '  terminé en 1234 ms']);
  });

  it('shows where a long run is: n / N migrations on the running migration, and the plan preview', async () => {
    const terminal = fakeTerminal(true);
    const listener = progressPrinter(io(terminal), en, true);
    listener({ type: 'migration-start', version: '000042', name: '000042_orders', direction: 'up', transactional: true, index: 42, count: 300 });
    await tick();
    listener({ type: 'migration-done', version: '000042', name: '000042_orders', direction: 'up', durationMs: 3 });
    listener({ type: 'progress', task: 'plan', phase: 'schema preview', done: 250, total: 1000, unit: 'migrations' });
    await tick();
    listener({ type: 'progress', task: 'plan', phase: 'done' });
    listener.stop?.();
    const drawn = plain(terminal.written());
    expect(drawn).toMatch(/000042_orders · running {2}\[[^\]]{24}\] 14% {2}42 \/ 300 migrations {2}\d+\.\d s/);
    expect(drawn).toMatch(/plan · schema preview {2}\[[^\]]{24}\] 25% {2}250 \/ 1000 migrations/);
  });

  it('prints nothing at all when the stream is not a terminal, or with --json', async () => {
    const pipe = fakeTerminal(false);
    const events: RunEvent[] = [
      { type: 'progress', task: 'restore', phase: 'restoring' },
      { type: 'migration-start', version: '1', name: '1_x', direction: 'up', transactional: true, index: 1, count: 1 },
      { type: 'anomaly', kind: 'slow-migration', detail: 'took 9 ms' },
    ];
    const display = progressDisplay(io(pipe), en, true);
    for (const e of events) display(e);
    await tick();
    display.stop?.();
    expect(pipe.written()).toBe('');
    const terminal = fakeTerminal(true);
    const json = progressPrinter(io(terminal), en, false);
    for (const e of events) json(e);
    await tick();
    json.stop?.();
    expect(terminal.written()).toBe('');
    expect(lines).toEqual([]);
  });

  it('prints anomalies and extension failures as lines', () => {
    const printer = progressPrinter(io(fakeTerminal(false)), en, true);
    printer({ type: 'anomaly', kind: 'long-lock-wait', detail: 'waited 900 ms' });
    printer({ type: 'extension-failed', extension: 'monitor', point: 'afterAll', reason: 'exporting metrics: down' });
    expect(lines).toEqual(['  anomaly (long-lock-wait): waited 900 ms', 'warning: monitor failed at afterAll: exporting metrics: down']);
  });
});

describe('progress events of backups and restores', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  let migrator: Migrator | undefined;
  beforeEach(async () => {
    db = await createScratchDatabase('sqlite');
    project = createProject({ '20260101000000_t.sql': '-- migrate:up\ncreate table t (id integer primary key);\n' });
  });
  afterEach(async () => {
    await migrator?.close();
    project.cleanup();
    await db.drop();
  });

  it('are sent for a backup, its verification and a restore, each ending with phase done', async () => {
    migrator = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: db.url } });
    const seen: string[] = [];
    migrator.onEvent((e) => {
      if (e.type === 'progress') seen.push(`${e.task}:${e.phase}${e.unit ? `:${e.unit}` : ''}`);
    });
    await migrator.up();
    const backup = await migrator.backupNow('manual');
    await migrator.verifyBackup(backup.id);
    await migrator.restore(backup.id);
    const tasks = (task: string) =>
      seen
        .filter((s) => s.startsWith(`${task}:`))
        .map((s) => s.slice(task.length + 1))
        .filter((s, i, all) => s !== all[i - 1]);
    // SQLite's file copy is hashed while it is synced: no checksum pass of its own
    expect(tasks('backup')).toEqual(expect.arrayContaining(['dumping:bytes', 'done:bytes']));
    expect(tasks('backup verify')).toEqual(['checking files:bytes', 'restoring into a scratch database', 'comparing', 'done']);
    expect(tasks('restore')).toEqual(['checking files:bytes', 'restoring', 'comparing', 'done']);
    expect(tasks('backup check')).toEqual(['checking files:bytes']);
  });

  it('are sent by plan for its schema preview: one per pending migration, n of N, then done', async () => {
    for (let i = 2; i <= 6; i++) project.write(`2026010${i}000000_t${i}.sql`, `-- migrate:up\ncreate table t${i} (id integer primary key);\n`);
    migrator = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: db.url } });
    const seen: string[] = [];
    migrator.onEvent((e) => {
      if (e.type === 'progress' && e.task === 'plan') seen.push(e.phase === 'done' ? 'done' : `${e.done}/${e.total} ${e.unit}`);
    });
    expect((await migrator.plan()).map((r) => r.schemaChanges)).toEqual([
      ['+table t'],
      ['+table t2'],
      ['+table t3'],
      ['+table t4'],
      ['+table t5'],
      ['+table t6'],
    ]);
    expect(seen).toEqual(['1/6 migrations', '2/6 migrations', '3/6 migrations', '4/6 migrations', '5/6 migrations', '6/6 migrations', 'done']);
  });
});
