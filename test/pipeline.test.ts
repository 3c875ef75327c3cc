import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DihyaError, Migrator, type RunEvent, type RunExtension } from '../src/index.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, tableExists } from './helpers/tables.ts';

const MIGRATIONS = {
  '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key, body varchar(100));\n-- migrate:down\ndrop table notes;\n',
  '20260102000000_add_flag.sql': '-- migrate:up\nalter table notes add column flag integer;\n-- migrate:down\nalter table notes drop column flag;\n',
};

describe.each(DIALECTS)('the run pipeline through the public API on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let migrator: Migrator | undefined;
  const open = async (extensions: RunExtension[] = []) => {
    migrator = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: db.url }, extensions });
    return migrator;
  };
  const applied = async () => (await query<{ version: string }>(db.url, 'select version from dihya_migrations order by version')).map((r) => r.version);
  const events = (m: Migrator) => m.safety.audit.entries().map((e) => e.event);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject(MIGRATIONS);
  });
  afterEach(async () => {
    await migrator?.close();
    migrator = undefined;
    project.cleanup();
    await db.drop();
  });

  it('keeps every committed step when an event listener throws after the commit, and reports the listener', async () => {
    const m = await open();
    const seen: RunEvent['type'][] = [];
    m.onEvent((e) => {
      seen.push(e.type);
      if (e.type === 'migration-done') throw new Error('listener broke');
    });
    m.onEvent(async (e) => {
      if (e.type === 'migration-start') throw new Error('async listener broke');
    });
    const result = await m.up();
    expect(result.map((r) => r.name)).toEqual(['20260101000000_create_notes', '20260102000000_add_flag']);
    expect(await applied()).toEqual(['20260101000000', '20260102000000']);
    expect(seen.filter((t) => t === 'migration-done')).toHaveLength(2);
    const audit = events(m);
    expect(audit).toContain('run.end');
    expect(audit).not.toContain('run.failed');
    expect(audit.filter((e) => e === 'migration.applied')).toHaveLength(2);
    expect(audit.filter((e) => e === 'extension.failed').length).toBeGreaterThanOrEqual(2);
    expect((await m.safety.audit.verify()).problems).toEqual([]);
  });

  it('keeps the committed steps of an atomic run when a listener throws after the commit', async () => {
    if (dialect === 'mysql') return; // MariaDB cannot run DDL atomically (ATOMIC_UNSUPPORTED, tested elsewhere)
    const m = await open();
    m.onEvent((e) => {
      if (e.type === 'migration-done') throw new Error('listener broke');
    });
    expect(await m.up({ atomic: true })).toHaveLength(2);
    expect(await applied()).toEqual(['20260101000000', '20260102000000']);
    expect((await m.safety.audit.verify()).problems).toEqual([]);
  });

  it('reports an extension that fails after the commit without undoing the step', async () => {
    const calls: string[] = [];
    const m = await open([
      {
        name: 'recorder',
        prepare: (c) => void calls.push(`prepare:${c.migrations.length}`),
        beforeAll: () => void calls.push('beforeAll'),
        beforeStep: (s) => void calls.push(`beforeStep:${s.index}/${s.count}`),
        inTransaction: (_s, t) => void calls.push(`inTransaction:${t.report ? t.report.changes.length : 'none'}`),
        afterCommit: (s) => {
          calls.push(`afterCommit:${s.migration.version}`);
          throw new Error('metrics endpoint down');
        },
        afterAll: (_r, summary) => void calls.push(`afterAll:${summary.ok}:${summary.committed.length}`),
      },
    ]);
    expect(await m.up()).toHaveLength(2);
    expect(calls).toEqual([
      'prepare:2',
      'beforeAll',
      'beforeStep:1/2',
      'inTransaction:1',
      'afterCommit:20260101000000',
      'beforeStep:2/2',
      'inTransaction:1',
      'afterCommit:20260102000000',
      'afterAll:true:2',
    ]);
    const failures = m.safety.audit.entries().filter((e) => e.event === 'extension.failed');
    expect(failures.map((f) => [f.extension, f.point, f.reason])).toEqual([
      ['recorder', 'afterCommit', 'metrics endpoint down'],
      ['recorder', 'afterCommit', 'metrics endpoint down'],
    ]);
    expect((await m.safety.audit.verify()).problems).toEqual([]);
  });

  it('fails and undoes the step when an extension vetoes it inside the transaction, naming the extension', async () => {
    const m = await open([
      {
        name: 'sector ecommerce',
        inTransaction: (s) => {
          if (s.migration.version === '20260102000000') throw new Error('amounts not conserved');
        },
      },
    ]);
    const error = await m.up().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DihyaError);
    const e = error as DihyaError<'EXTENSION_FAILED'>;
    expect(e.code).toBe('EXTENSION_FAILED');
    expect(e.message).toContain('sector ecommerce failed at inTransaction of migration 20260102000000_add_flag: amounts not conserved');
    // MariaDB committed the ALTER implicitly: the backup taken before the step was restored.
    expect(e.details.outcome).toBe(dialect === 'mysql' ? 'restored' : 'rolled-back');
    expect(await applied()).toEqual(['20260101000000']);
    const columns = await query(db.url, 'select * from notes');
    expect(columns).toEqual([]);
    expect(events(m)).toContain('migration.failed');
    expect((await m.safety.audit.verify()).problems).toEqual([]);
  });

  it('stops before any change when an extension fails before the run or before a step', async () => {
    const m = await open([{ name: 'window', beforeAll: () => Promise.reject(new Error('outside the change window')) }]);
    await expect(m.up()).rejects.toThrow(/window failed at beforeAll: outside the change window/);
    expect(await tableExists(db.url, 'notes')).toBe(false);
    expect(events(m)).toContain('run.failed');

    const second = await open([{ name: 'approval', beforeStep: (s) => (s.index === 2 ? Promise.reject(new Error('not approved')) : undefined) }]);
    const error = (await second.up().catch((e: unknown) => e)) as DihyaError<'EXTENSION_FAILED'>;
    expect(error.code).toBe('EXTENSION_FAILED');
    expect(error.details.outcome).toBe('rolled-back');
    expect(await applied()).toEqual(['20260101000000']);
  });

  it('does not let a prepare extension start the run at all', async () => {
    // An input error of its own passes through as it is (exit 2); anything else is named after the extension.
    const m = await open([{ name: 'lint', prepare: () => Promise.reject(new DihyaError('USAGE', { reason: 'lint found an error' })) }]);
    await expect(m.up()).rejects.toThrow(/^lint found an error$/);
    const broken = await open([{ name: 'lint', prepare: () => Promise.reject(new Error('rule crashed')) }]);
    await expect(broken.up()).rejects.toThrow(/lint failed at prepare: rule crashed/);
    expect(await tableExists(db.url, 'dihya_migrations')).toBe(false);
    expect(m.safety.audit.entries()).toEqual([]);
  });
});
