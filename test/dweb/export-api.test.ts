import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { exportBundle } from '../../src/dweb/export-bundle.ts';
import { verifyBundle } from '../../src/dweb/verify-bundle.ts';
import { DihyaError } from '../../src/errors/dihya-error.ts';
import { Migrator } from '../../src/migrator/migrator.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';

const MIGRATIONS = { '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key);\n' };

describe.each(DIALECTS)('exportBundle through the API on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let migrator: Migrator;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject(MIGRATIONS);
    migrator = await Migrator.open({ cwd: project.dir, overrides: { url: db.url } });
    await migrator.up();
  });
  afterEach(async () => {
    await migrator.close();
    project.cleanup();
    await db.drop();
  });

  const exportsFolder = () => path.join(project.dir, '.dihya', 'exports');
  const cars = () => (existsSync(exportsFolder()) ? readdirSync(exportsFolder(), { recursive: true }).map(String) : []).filter((f) => /car|partial/.test(f));

  it('refuses to export an audit changed since this process last read it', async () => {
    const first = await exportBundle(migrator);
    const file = migrator.safety.audit.file;
    writeFileSync(file, readFileSync(file, 'utf8').replace('"event":"migration.applied"', '"event":"migration.applyed"'));
    const error = await exportBundle(migrator).catch((e: unknown) => e);
    expect(DihyaError.is(error, 'AUDIT_TAMPERED')).toBe(true);
    expect(cars()).toEqual([path.relative(exportsFolder(), first.car)]);
    const verify = await verifyBundle(migrator, first.car).catch((e: unknown) => e);
    expect(DihyaError.is(verify, 'AUDIT_TAMPERED')).toBe(true);
  });

  it('leaves no CAR behind when recording the export fails', async () => {
    const append = migrator.safety.audit.append.bind(migrator.safety.audit);
    migrator.safety.audit.append = async (event: string, details: never) => {
      if (event === 'dweb.exported') throw new Error('disk full while appending');
      return append(event as never, details);
    };
    await expect(exportBundle(migrator)).rejects.toThrow('disk full while appending');
    expect(cars()).toEqual([]);
    await expect(exportBundle(migrator, { out: path.join(project.dir, 'b.car') })).rejects.toThrow('disk full');
    expect(existsSync(path.join(project.dir, 'b.car'))).toBe(false);
    migrator.safety.audit.append = append;
    const events: string[] = [];
    await exportBundle(migrator, { onProgress: (p) => events.push(p.phase) });
    expect(events).toEqual(['scan', 'import', 'written']);
  });
});
