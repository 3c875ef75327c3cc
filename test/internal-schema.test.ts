import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DihyaError, Migrator } from '../src/index.ts';
import { INTERNAL_SCHEMA_VERSION, INTERNAL_UPGRADES } from '../src/internal-schema/upgrades.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, schemaOf, tableExists } from './helpers/tables.ts';

/** The internal tables exactly as the first release (0.1.0) created them: history and audit mirror, no version table. */
const FIRST_RELEASE_TABLES = [
  `create table dihya_migrations (version varchar(14) primary key, name varchar(255) not null, checksum varchar(64) not null,
    kind varchar(8) not null, status varchar(16) not null, applied_at varchar(32) not null, duration_ms integer not null,
    applied_by varchar(255) not null, schema_change text)`,
  'create table dihya_audit (seq integer primary key, ts varchar(32) not null, event varchar(64) not null, hash varchar(64) not null, line text not null)',
];

const MIGRATIONS = {
  '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key);\n-- migrate:down\ndrop table notes;\n',
  '20260102000000_add_flag.sql': '-- migrate:up\nalter table notes add column flag integer;\n-- migrate:down\nalter table notes drop column flag;\n',
};

describe.each(DIALECTS)('dihya-migrate’s own tables on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let migrator: Migrator | undefined;
  const open = async () => (migrator = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: db.url } }));

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

  it('upgrades a database migrated by the first release, keeping its history', async () => {
    for (const statement of FIRST_RELEASE_TABLES) await query(db.url, statement);
    await query(db.url, 'create table notes (id integer primary key)');
    const checksum = (await import('../src/migrations/checksum.ts')).migrationChecksum(MIGRATIONS['20260101000000_create_notes.sql']);
    await query(
      db.url,
      `insert into dihya_migrations (version, name, checksum, kind, status, applied_at, duration_ms, applied_by)
       values ('20260101000000', '20260101000000_create_notes', '${checksum}', 'sql', 'applied', '2026-01-01T00:00:00.000Z', 5, 'ops@old')`,
    );
    const m = await open();
    expect(await m.internalSchema.version()).toBe(1);
    expect((await m.status()).entries.map((e) => e.state)).toEqual(['applied', 'pending']);
    // Reading does not upgrade.
    expect(await tableExists(db.url, 'dihya_migrations_schema')).toBe(false);

    expect((await m.up()).map((r) => r.version)).toEqual(['20260102000000']);
    expect(await m.internalSchema.version()).toBe(INTERNAL_SCHEMA_VERSION);
    const history = (await schemaOf(db.url)).tables.dihya_migrations!;
    expect(Object.keys(history.columns)).toContain('progress');
    const rows = await query<{ version: string; applied_by: string }>(db.url, 'select version, applied_by from dihya_migrations order by version');
    expect(rows.map((r) => [r.version, r.applied_by])).toEqual([
      ['20260101000000', 'ops@old'],
      ['20260102000000', expect.any(String)],
    ]);
    const upgraded = m.safety.audit.entries().find((e) => e.event === 'internal-schema.upgraded');
    // versions are reserved per feature, so some may be missing until every feature is merged
    expect(upgraded?.versions).toEqual(INTERNAL_UPGRADES.map((u) => u.version).filter((v) => v > 1));
    // A second run finds nothing to upgrade.
    await m.down();
    expect(m.safety.audit.entries().filter((e) => e.event === 'internal-schema.upgraded')).toHaveLength(1);
  });

  it('creates the latest tables on a fresh database without calling it an upgrade', async () => {
    const m = await open();
    expect(await m.internalSchema.version()).toBe(0);
    await m.up();
    expect(await m.internalSchema.version()).toBe(INTERNAL_SCHEMA_VERSION);
    expect(m.safety.audit.entries().map((e) => e.event)).not.toContain('internal-schema.upgraded');
  });

  it('refuses tables a newer release upgraded, before reading or changing anything', async () => {
    const m = await open();
    await m.up();
    await query(db.url, `update dihya_migrations_schema set version = ${INTERNAL_SCHEMA_VERSION + 1}`);
    for (const call of [() => m.status(), () => m.up(), () => m.plan(), () => m.validate()]) {
      const error = await call().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DihyaError);
      expect((error as DihyaError).code).toBe('INTERNAL_SCHEMA_TOO_NEW');
    }
  });
});
