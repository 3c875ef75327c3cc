import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DihyaError, Migrator } from '../../src/index.ts';
import { cli } from '../helpers/cli.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';

const FIRST = '-- migrate:up\ncreate table first_table (id integer primary key);\n-- migrate:down\ndrop table first_table;\n';
const SECOND = '-- migrate:up\ncreate table second_table (id integer primary key);\n-- migrate:down\ndrop table second_table;\n';

/** The Migrator API's less travelled paths on SQLite: options, defaults, and the errors of resolve/undo/seal. */
describe('Migrator API edges (SQLite)', () => {
  let project: TestProject;
  let url: string;
  let migrator: Migrator;

  beforeEach(async () => {
    project = createProject({ '20260101000000_first.sql': FIRST, '20260102000000_second.sql': SECOND });
    url = `sqlite:${path.join(project.dir, 'app.db')}`;
    migrator = await Migrator.open({ cwd: project.dir, overrides: { url } });
  });
  afterEach(async () => {
    await migrator.close();
    project.cleanup();
  });

  const codeOf = async (promise: Promise<unknown>) => {
    try {
      await promise;
    } catch (error) {
      return error instanceof DihyaError ? error.code : String(error);
    }
    return 'no error';
  };

  it('plan without the schema preview has no schema changes; with it, each pending migration has them', async () => {
    const withoutDiff = await migrator.plan({ schemaDiff: false });
    expect(withoutDiff.map((p) => p.version)).toEqual(['20260101000000', '20260102000000']);
    expect(withoutDiff.every((p) => p.schemaChanges === undefined)).toBe(true);
    const withDiff = await migrator.plan();
    expect(withDiff[0]!.schemaChanges).toEqual(['+table first_table']);
    const to = await migrator.planAndLint({ to: '20260101000000', lint: false });
    expect(to).toEqual({ pending: [expect.objectContaining({ version: '20260101000000' })], lint: [] });
    expect(await migrator.lint({ to: '20260101000000' })).toEqual([]);
  });

  it('resolve and undo refuse what is not left half-done, then settle a row a crash left running', async () => {
    expect(await codeOf(migrator.resolve('20260101000000', 'applied'))).toBe('NOTHING_TO_RESOLVE');
    await migrator.up();
    expect(await codeOf(migrator.resolve('20260101000000', 'rolled-back'))).toBe('NOTHING_TO_RESOLVE');
    expect(await codeOf(migrator.undoInterrupted('20260101000000'))).toBe('NOTHING_TO_RESOLVE');
    expect(await codeOf(migrator.undoInterrupted('20990101000000'))).toBe('NOTHING_TO_RESOLVE');
    expect(await codeOf(migrator.abandonRestore())).toBe('NOTHING_TO_RESOLVE');

    await query(url, "update dihya_migrations set status = 'running' where version = '20260102000000'");
    expect(await codeOf(migrator.undoInterrupted('20260102000000'))).toBe('NOTHING_TO_UNDO');
    const status = await migrator.status();
    expect(status.entries.find((e) => e.version === '20260102000000')?.state).not.toBe('applied');
    await migrator.resolve('20260102000000', 'applied');
    expect(await query(url, "select status from dihya_migrations where version = '20260102000000'")).toEqual([{ status: 'applied' }]);

    await query(url, "update dihya_migrations set status = 'failed' where version = '20260102000000'");
    await migrator.resolve('20260102000000', 'rolled-back');
    expect(await query(url, "select status from dihya_migrations where version = '20260102000000'")).toEqual([]);
    const events = migrator.safety.audit.entries().filter((e) => e.event === 'migration.resolved');
    expect(events.map((e) => e.outcome)).toEqual(['applied', 'rolled-back']);
  });

  it('pins, unpins and prunes with the default rule; pruning nothing writes no audit entry', async () => {
    await migrator.up();
    const manual = await migrator.backupNow();
    expect(manual.reason).toBe('manual');
    expect((await migrator.pinBackup(manual.id, true)).id).toBe(manual.id);
    expect(migrator.safety.backups.isPinned(manual.id)).toBe(true);
    await migrator.pinBackup(manual.id, false);
    expect(migrator.safety.backups.isPinned(manual.id)).toBe(false);
    expect(await migrator.pruneBackups()).toEqual([]);
    expect(migrator.safety.audit.entries().filter((e) => e.event === 'backup.pruned')).toEqual([]);
    expect(migrator.safety.audit.entries().map((e) => e.event)).toEqual(expect.arrayContaining(['backup.pinned', 'backup.unpinned']));
  });

  it('status lists the erasure ledger and the rehearsal state of what is pending', async () => {
    const status = await migrator.status();
    expect(status.rehearsal).toMatchObject({ rehearsed: false });
    expect(status.erasures).toBeUndefined();
    await migrator.up();
    expect((await migrator.status()).rehearsal).toBeUndefined();
  });

  it('records a command with and without an error, for the access log', async () => {
    await migrator.up();
    await migrator.recordCommand({ command: 'status', durationMs: 3 });
    await migrator.recordCommand({ command: 'status', durationMs: 3, error: new Error('boom') });
    await migrator.recordCommand({ command: 'status', durationMs: 3, error: new DihyaError('NOTHING_TO_UNDO', { version: '1' }) });
    expect((await cli(['status', '--url', url, '--json'], project.dir)).code).toBe(0);
  });
});
