import { cpSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DihyaError, Migrator } from '../src/index.ts';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

const EXAMPLES = fileURLToPath(new URL('../examples', import.meta.url));
const KEY = 'sectors-privacy-test-key-0123456789';

// SQLite and PostgreSQL: the santé pack's demand and its catalog do not depend on the dialect.
describe.each(DIALECTS.filter((d) => d !== 'mysql'))('the santé pack and privacy on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let migrator: Migrator | undefined;
  /** The santé example with its first migration applied (patients and consultations, with rows); no `privacy` in the config. */
  const open = async (config: Record<string, unknown> = {}) => {
    cpSync(path.join(EXAMPLES, 'sante', 'migrations'), project.migrationsDir, { recursive: true });
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ url: db.url, sectors: ['sante'], ...config }));
    migrator = await Migrator.open({ cwd: project.dir, env: {} });
    await migrator.up({ to: '20260201090000' });
    return migrator;
  };

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject();
    process.env.DIHYA_PRIVACY_KEY = KEY;
  });
  afterEach(async () => {
    delete process.env.DIHYA_PRIVACY_KEY;
    await migrator?.close();
    migrator = undefined;
    project.cleanup();
    await db.drop();
  });

  it('refuses to rehearse migrations touching health data on a copy that is not anonymized, before copying; runs with --anonymize', async () => {
    const m = await open();
    const phases: string[] = [];
    m.onEvent((e) => {
      if (e.type === 'progress' && e.phase) phases.push(e.phase);
    });
    const error = await m.rehearse().catch((e: unknown) => e);
    expect(DihyaError.is(error, 'REHEARSAL_ANONYMIZE_REQUIRED')).toBe(true);
    expect((error as DihyaError).message).toContain('the sante pack allows only an anonymized copy for 20260202090000_patient_identifier_scheme');
    expect((error as DihyaError).hint).toContain('rehearse --anonymize');
    expect(phases).not.toContain('copying the database');
    expect(m.safety.audit.entries().filter((e) => e.event === 'rehearsal.receipt')).toEqual([]);

    // The pack's catalog covers the health tables, so --anonymize needs no `privacy.columns`.
    const report = await m.rehearse({ anonymize: true });
    expect([report.result, report.anonymized, report.failure]).toEqual(['passed', true, undefined]);
    await m.close();
    migrator = undefined;
    const fr = await cli(['--lang', 'fr', 'rehearse'], project.dir);
    expect([fr.code, fr.stderr]).toEqual([2, expect.stringContaining('n’autorise qu’une copie anonymisée')]);
  });

  it('merges its catalog into the privacy catalog: scanned as declared, anonymized without being listed, the config winning', async () => {
    await open({ privacy: { columns: { 'consultations.visited_on': { kind: 'date', strategy: 'keep' } } } });
    const scan = await cli(['privacy', 'scan', '--check', '--json'], project.dir);
    expect(scan.code, scan.stdout).toBe(0);
    const candidate = (column: string) => scan.json.candidates.find((c: { column: string }) => c.column === column);
    expect(candidate('diagnosis')).toMatchObject({ declared: true, kind: 'text', evidence: [{ by: 'catalog', source: 'sector sante' }] });
    expect(candidate('full_name')).toMatchObject({ declared: true, kind: 'name' });
    expect(scan.stdout).not.toContain('hypertension');
    if (dialect !== 'sqlite') return;
    const copy = `sqlite:${path.join(project.dir, 'copy.db')}`;
    const anonymized = await cli(['anonymize', '--into', copy, '--json'], project.dir);
    expect(anonymized.code, anonymized.stdout).toBe(0);
    const before = await query<{ diagnosis: string; visited_on: string; patient_id: number }>(
      db.url,
      'select diagnosis, visited_on, patient_id from consultations order by id',
    );
    const after = await query<{ diagnosis: string; visited_on: string; patient_id: number }>(
      copy,
      'select diagnosis, visited_on, patient_id from consultations order by id',
    );
    expect(after.map((r) => r.diagnosis).filter((d, i) => d === before[i]!.diagnosis)).toEqual([]);
    // The user's entry wins (kept), and the foreign key is kept by the pack's entry.
    expect(after.map((r) => [r.visited_on, r.patient_id])).toEqual(before.map((r) => [r.visited_on, r.patient_id]));
    const names = await query<{ full_name: string }>(copy, 'select full_name from patients');
    expect(names.map((r) => r.full_name)).not.toContain('Patient One');
  });
});
