import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DihyaError, Migrator } from '../src/index.ts';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, tableExists } from './helpers/tables.ts';

const MIGRATIONS = {
  '20260101000000_create_notes.sql':
    '-- dihya:sector sante\n-- migrate:up\ncreate table notes (id integer primary key, body varchar(100));\n-- migrate:down\ndrop table notes;\n',
  '20260102000000_add_flag.sql':
    "-- migrate:up\nalter table notes add column flag integer;\ninsert into notes (id, body, flag) values (1, 'x', 1);\n-- migrate:down\nalter table notes drop column flag;\n",
};

/** Calls the config's hooks record, shared with the test through globalThis (the config runs in this process). */
const calls = (): string[] => ((globalThis as { __hookCalls?: string[] }).__hookCalls ??= []);

/** A dihya.config.ts whose hooks record what they see; `extra` is spliced into the hooks object. */
function hooksConfig(extra = ''): string {
  return `const calls = (globalThis.__hookCalls ??= []);
export default {
  hooks: {
    beforeAll: (ctx) => { calls.push('beforeAll:' + ctx.command + ':' + ctx.inTransaction); },
    beforeMigrate: [
      async (ctx, sector) => { await new Promise((r) => setTimeout(r, 20)); calls.push('beforeMigrate#1:' + ctx.migration.name + ':' + sector + ':' + ctx.index + '/' + ctx.count); ctx.state.set('seen', ctx.migration.version); },
      (ctx) => { calls.push('beforeMigrate#2:' + ctx.migration.version); },
    ],
    afterMigrate: async (ctx, sector) => {
      const tables = await ctx.db.introspection.getTables();
      calls.push('afterMigrate:' + ctx.migration.version + ':' + ctx.inTransaction + ':' + tables.some((t) => t.name === 'notes') + ':' + ctx.state.get('seen') + ':' + ctx.dialect.length);
      await ctx.audit.note('checked ' + ctx.migration.version, { rows: 0 });
    },
    afterCommit: (ctx) => { calls.push('afterCommit:' + ctx.migration.version + ':' + (typeof ctx.durationMs)); },
    onError: (ctx) => { calls.push('onError:' + (ctx.migration ? ctx.migration.version : '-') + ':' + ctx.error.code + (ctx.error.outcome ? ':' + ctx.error.outcome : '')); },
    afterAll: (ctx, summary) => { calls.push('afterAll:' + summary.ok + ':' + summary.committed.length + (summary.error ? ':' + summary.error.code : '')); },
    ${extra}
  },
};
`;
}

describe.each(DIALECTS)('business hooks on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let migrator: Migrator | undefined;
  const open = async (config: string) => {
    writeFileSync(path.join(project.dir, 'dihya.config.ts'), config);
    migrator = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: db.url } });
    return migrator;
  };
  const applied = async () => (await query<{ version: string }>(db.url, 'select version from dihya_migrations order by version')).map((r) => r.version);
  const audit = (m: Migrator) => m.safety.audit.entries();

  beforeEach(async () => {
    calls().length = 0;
    db = await createScratchDatabase(dialect);
    project = createProject(MIGRATIONS);
  });
  afterEach(async () => {
    await migrator?.close();
    migrator = undefined;
    project.cleanup();
    await db.drop();
  });

  it('awaits every hook in order with its context: the sector, the transaction in afterMigrate, state shared by a step', async () => {
    const m = await open(hooksConfig());
    expect((await m.up()).map((r) => r.version)).toEqual(['20260101000000', '20260102000000']);
    const transactional = 'true';
    expect(calls()).toEqual([
      'beforeAll:up:false',
      'beforeMigrate#1:20260101000000_create_notes:sante:1/2',
      'beforeMigrate#2:20260101000000',
      `afterMigrate:20260101000000:${transactional}:true:20260101000000:${dialect.length}`,
      'afterCommit:20260101000000:number',
      'beforeMigrate#1:20260102000000_add_flag:undefined:2/2',
      'beforeMigrate#2:20260102000000',
      `afterMigrate:20260102000000:${transactional}:true:20260102000000:${dialect.length}`,
      'afterCommit:20260102000000:number',
      'afterAll:true:2',
    ]);
    const notes = audit(m).filter((e) => e.event === 'hook.note');
    expect(notes.map((e) => [e.hook, e.migration, e.message])).toEqual([
      ['hook afterMigrate #1', '20260101000000_create_notes', 'checked 20260101000000'],
      ['hook afterMigrate #1', '20260102000000_add_flag', 'checked 20260102000000'],
    ]);
    // The note is staged in the step's transaction, before the step's own entry; on MariaDB (whose DDL commits at once)
    // it is held until the step committed, then written right after the step's entry.
    const events = audit(m).map((e) => e.event);
    if (dialect === 'mysql') expect(events.indexOf('hook.note')).toBe(events.indexOf('migration.applied') + 1);
    else expect(events.indexOf('hook.note')).toBeLessThan(events.indexOf('migration.applied'));
    expect((await m.safety.audit.verify()).problems).toEqual([]);
  });

  it('rolls back (or restores) a step whose afterMigrate hook aborts, names the hook, runs onError, and keeps the steps before it', async () => {
    const m = await open(
      hooksConfig().replace(
        "await ctx.audit.note('checked ' + ctx.migration.version, { rows: 0 });",
        "await ctx.audit.note('checked ' + ctx.migration.version, { rows: 0 }); if (ctx.migration.version === '20260102000000') ctx.abort('flag column refused by the business');",
      ),
    );
    const error = await m.up().catch((e: unknown) => e);
    expect(DihyaError.is(error, 'EXTENSION_FAILED')).toBe(true);
    const failure = error as DihyaError<'EXTENSION_FAILED'>;
    expect(failure.message).toContain('hook afterMigrate #1');
    expect(failure.message).toContain('20260102000000_add_flag');
    expect(failure.message).toContain('aborted: flag column refused by the business');
    const outcome = dialect === 'mysql' ? 'restored' : 'rolled-back';
    expect(failure.details.outcome).toBe(outcome);
    expect(await applied()).toEqual(['20260101000000']);
    const columns = await query<Record<string, unknown>>(db.url, 'select * from notes');
    expect(columns).toEqual([]);
    expect(Object.keys((await m.target.snapshotSchema(undefined, m.tables.all)).tables.notes!.columns).sort()).toEqual(['body', 'id']);
    expect(calls().slice(-3)).toEqual([
      expect.stringMatching(/^afterMigrate:20260102000000/),
      `onError:20260102000000:EXTENSION_FAILED:${outcome}`,
      'afterAll:false:1:EXTENSION_FAILED',
    ]);
    // The rolled-back (or restored) step's note went with it, on MariaDB too; the committed one stays.
    const noted = ['20260101000000_create_notes'];
    expect(
      audit(m)
        .filter((e) => e.event === 'hook.note')
        .map((e) => e.migration),
    ).toEqual(noted);
    expect(audit(m).find((e) => e.event === 'migration.failed')).toMatchObject({ code: 'EXTENSION_FAILED', outcome });
    expect((await m.safety.audit.verify()).problems).toEqual([]);
  });

  it('fails a step before anything of it ran when beforeMigrate throws', async () => {
    const m = await open(hooksConfig("beforeMigrate: [(ctx) => { if (ctx.index === 1) throw new Error('not in business hours'); }],"));
    const error = await m.up().catch((e: unknown) => e);
    expect(DihyaError.is(error, 'EXTENSION_FAILED')).toBe(true);
    expect((error as DihyaError).message).toContain(
      'hook beforeMigrate #1 failed at beforeMigrate of migration 20260101000000_create_notes: not in business hours',
    );
    expect(await tableExists(db.url, 'notes')).toBe(false);
    expect(await applied()).toEqual([]);
  });

  it('keeps the run result when afterCommit throws: the failure is reported and audited', async () => {
    const m = await open(hooksConfig("afterCommit: [(ctx) => { calls.push('afterCommit:' + ctx.migration.version); throw new Error('webhook down'); }],"));
    expect(await m.up()).toHaveLength(2);
    expect(await applied()).toEqual(['20260101000000', '20260102000000']);
    const failed = audit(m).filter((e) => e.event === 'extension.failed');
    expect(failed.map((e) => [e.extension, e.point, e.reason])).toEqual([
      ['hook afterCommit #1', 'afterCommit', 'webhook down'],
      ['hook afterCommit #1', 'afterCommit', 'webhook down'],
    ]);
    expect(calls().at(-1)).toBe('afterAll:true:2');
  });

  it('fails the run with nothing changed when beforeAll throws, and runs onError once without a migration', async () => {
    const m = await open(hooksConfig("beforeAll: async () => { throw new Error('change freeze'); },"));
    const error = await m.up().catch((e: unknown) => e);
    expect((error as DihyaError).message).toContain('hook beforeAll #1 failed at beforeAll: change freeze');
    expect(await tableExists(db.url, 'notes')).toBe(false);
    expect(calls()).toEqual(['onError:-:EXTENSION_FAILED', 'afterAll:false:0:EXTENSION_FAILED']);
  });

  it('runs the hooks for down too, and logs through the redacted run log', async () => {
    const m = await open(hooksConfig("afterMigrate: (ctx) => { ctx.log.info({ contact: 'jeanne.martin@example.fr' }, 'reverting ' + ctx.direction); },"));
    await m.up();
    calls().length = 0;
    await m.down();
    expect(calls()).toEqual([
      'beforeAll:down:false',
      'beforeMigrate#1:20260102000000_add_flag:undefined:1/1',
      'beforeMigrate#2:20260102000000',
      'afterCommit:20260102000000:number',
      'afterAll:true:1',
    ]);
    const log = readFileSync(path.join(project.dir, '.dihya', 'logs', 'dihya.log'), 'utf8');
    expect(log).toContain('reverting down');
    expect(log).toContain('hook afterMigrate #1');
    expect(log).not.toContain('jeanne.martin@example.fr');
  });

  it('refuses a malformed hook before the lock, with a hint (exit 2)', async () => {
    writeFileSync(path.join(project.dir, 'dihya.config.ts'), `export default { url: ${JSON.stringify(db.url)}, hooks: { afterMigrat: () => {} } };\n`);
    const typo = await cli(['up'], project.dir);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('Invalid hook afterMigrat in dihya.config.ts: unknown hook (did you mean afterMigrate?)');
    expect(typo.stderr).toContain('beforeAll, beforeMigrate, afterMigrate, afterCommit, onError, afterAll');
    writeFileSync(
      path.join(project.dir, 'dihya.config.ts'),
      `export default { url: ${JSON.stringify(db.url)}, hooks: { beforeMigrate: [() => {}, 'notify'] } };\n`,
    );
    const notFunction = await cli(['--lang', 'fr', 'up'], project.dir);
    expect(notFunction.code).toBe(2);
    expect(notFunction.stderr).toContain('Hook beforeMigrate invalide dans dihya.config.ts');
    expect(await tableExists(db.url, 'dihya_migrations')).toBe(false);
    expect(await tableExists(db.url, 'notes')).toBe(false);
  });
});

describe('business hooks in rehearse', () => {
  it('run on the copy for up, down and up again, with the copy’s transaction in afterMigrate; the source is left as it was', async () => {
    calls().length = 0;
    const project = createProject({
      '20260101000000_create_notes.sql': MIGRATIONS['20260101000000_create_notes.sql'],
      '20260102000000_add_flag.sql': '-- migrate:up\nalter table notes add column flag integer;\n-- migrate:down\nalter table notes drop column flag;\n',
    });
    try {
      writeFileSync(path.join(project.dir, 'dihya.config.ts'), hooksConfig());
      const m = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: 'sqlite:./rehearse.db' } });
      try {
        const report = await m.rehearse();
        expect(report.result, JSON.stringify(report.failure)).toBe('passed');
        const migrate = calls().filter((c) => c.startsWith('beforeMigrate#2:') || c.startsWith('afterMigrate:'));
        // up, down and up again: 2 steps each; afterMigrate sees the notes table after each up of create_notes
        expect(migrate.filter((c) => c.startsWith('beforeMigrate#2:'))).toHaveLength(6);
        expect(migrate.filter((c) => c.startsWith('afterMigrate:20260101000000:true:true'))).toHaveLength(2);
        expect(await tableExists(`sqlite:${path.join(project.dir, 'rehearse.db')}`, 'notes')).toBe(false);
      } finally {
        await m.close();
      }
    } finally {
      project.cleanup();
    }
  });
});
