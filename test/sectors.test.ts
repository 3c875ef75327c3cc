import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DihyaError, Migrator } from '../src/index.ts';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query, tableExists } from './helpers/tables.ts';

const EXAMPLES = fileURLToPath(new URL('../examples', import.meta.url));

describe.each(DIALECTS)('sector packs and their examples on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let migrator: Migrator | undefined;
  /** A project holding the example's migrations, with `sectors` (and extra config) as given. */
  const open = async (sector: string, config: Record<string, unknown> = {}) => {
    cpSync(path.join(EXAMPLES, sector, 'migrations'), project.migrationsDir, { recursive: true });
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ sectors: [sector], ...config }));
    migrator = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: db.url } });
    return migrator;
  };
  const entries = (m: Migrator, event: string) => m.safety.audit.entries().filter((e) => e.event === event);
  const applied = async () => (await query<{ version: string }>(db.url, 'select version from dihya_migrations order by version')).map((r) => r.version);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject();
  });
  afterEach(async () => {
    await migrator?.close();
    migrator = undefined;
    project.cleanup();
    await db.drop();
  });

  it('santé: runs the example, writing an access entry per migration that touches health data (tables, rows, no values)', async () => {
    const m = await open('sante');
    expect(await m.up()).toHaveLength(3);
    const access = entries(m, 'data.access');
    expect(access.map((e) => [e.migration, e.tables, e.outcome])).toEqual([
      ['20260201090000_create_patients', ['consultations', 'patients'], 'applied'],
      ['20260202090000_patient_identifier_scheme', ['patients'], 'applied'],
      ['20260203090000_add_allergies', ['patients'], 'applied'],
    ]);
    expect(access[1]).toMatchObject({
      purpose: 'Align patient identifiers with the regional health network',
      approvedBy: 'data protection officer',
      sector: 'sante',
    });
    expect(access[1]!.rows).toBe(3);
    const audit = JSON.stringify(m.safety.audit.entries());
    expect(audit).not.toContain('hypertension');
    expect(audit).not.toContain('PAT-000001');
    await m.down();
    expect(entries(m, 'data.access').at(-1)).toMatchObject({ migration: '20260203090000_add_allergies', outcome: 'reverted' });
    expect((await m.safety.audit.verify()).problems).toEqual([]);
  });

  it('santé: refuses, before the lock, a migration touching health data without purpose and approvedBy, whatever its sector', async () => {
    await open('sante');
    project.write(
      '20260204090000_add_diagnosis_code.ts',
      `export default { description: 'Add an ICD-10 code', async up({ db }) { await db.schema.alterTable('consultations').addColumn('icd10_code', 'varchar(8)').execute(); } };\n`,
    );
    const error = await migrator!.up().catch((e: unknown) => e);
    expect(DihyaError.is(error, 'SECTOR_RULE_VIOLATED')).toBe(true);
    expect((error as DihyaError).message).toContain('20260204090000_add_diagnosis_code breaks the sante rule special-category-declared');
    expect((error as DihyaError).message).toContain('`purpose`');
    expect((error as DihyaError).message).toContain('`approvedBy`');
    expect(await tableExists(db.url, 'patients')).toBe(false);
    const fr = await cli(['--lang', 'fr', '--url', db.url, 'up'], project.dir);
    expect(fr.code).toBe(2);
    expect(fr.stderr).toContain('elle doit déclarer `purpose` (pourquoi elle traite des données de santé) et `approvedBy` (qui l’a approuvée)');
  });

  it('éducation: converts grades to the competency scale, and notes the checks in French and English', async () => {
    const m = await open('education');
    expect(await m.up()).toHaveLength(3);
    const levels = await query<{ level: number }>(db.url, 'select level from grades order by student_id, course_id, term');
    expect(levels.map((r) => Number(r.level))).toEqual([4, 3, 3, 2, 2, 3, 1, 4]);
    const notes = entries(m, 'hook.note').filter((e) => String(e.hook).startsWith('sector education'));
    expect(notes.map((e) => e.message)).toEqual([
      'grades checked: 8 grade(s) in grades.score on the scale 0–20, none lost or duplicated',
      'grades checked: 8 grade(s) in grades.level on the scale 1–4, none lost or duplicated',
    ]);
    expect((notes[1]!.details as Record<string, unknown>).fr).toBe(
      'notes vérifiées : 8 note(s) dans grades.level sur l’échelle 1–4, aucune perdue ni dupliquée',
    );
  });

  it('éducation: rolls back a migration that puts grades off the scale or loses some, in both languages', async () => {
    const m = await open('education');
    await m.up();
    project.write(
      '20260304090000_rescale_wrongly.ts',
      `export default {
  description: 'Rescale levels (wrong: 0–5, and renames term T2)',
  sector: 'education',
  sectorRules: { grades: { table: 'grades', column: 'level', scale: { min: 1, max: 4 } } },
  async up({ db, sql }) {
    await sql\`update grades set level = score / 4\`.execute(db);
    await sql\`update grades set term = 'T9' where term = 'T2'\`.execute(db);
  },
};\n`,
    );
    const error = await m.up().catch((e: unknown) => e);
    expect(DihyaError.is(error, 'EXTENSION_FAILED')).toBe(true);
    const message = (error as DihyaError).message;
    expect(message).toContain('sector education: check grades-kept failed at afterMigrate of migration 20260304090000_rescale_wrongly');
    expect(message).toContain('are empty or outside the declared scale 1–4');
    expect(message).toContain('2 (student_id, course_id, term) had a grade before the migration and have none in grades after it');
    expect(await applied()).toEqual(['20260301090000', '20260302090000', '20260303090000']);
    expect(Number((await query<{ n: number }>(db.url, 'select count(*) as n from grades'))[0]!.n)).toBe(8);
    const note = entries(m, 'hook.note').at(-1)!;
    expect(note.hook).toBe('sector education: check grades-kept');
    expect(String((note.details as Record<string, unknown>).fr)).toContain('avaient une note avant la migration');
  });

  it('ecommerce: splits payments into a ledger with the totals conserved, and logs every payment row change', async () => {
    const m = await open('ecommerce');
    expect(await m.up()).toHaveLength(3);
    const sums = await query<{ currency: string; total: number }>(
      db.url,
      'select currency, sum(amount_cents) as total from ledger_entries group by currency order by currency',
    );
    expect(sums.map((r) => [r.currency, Number(r.total)])).toEqual([
      ['DZD', 350000],
      ['EUR', 17490],
      ['USD', 1999],
    ]);
    const log = entries(m, 'hook.note').filter((e) => e.hook === 'sector ecommerce: check transaction-log');
    expect(log.map((e) => (e.details as Record<string, unknown>).rows)).toEqual([4, 4, 0]);
    expect((log[1]!.details as Record<string, unknown>).tables).toEqual(['ledger_entries: 4']);
  });

  it('ecommerce: stops a migration that loses money, a float money column, and a non-ISO currency', async () => {
    const m = await open('ecommerce');
    await m.up();
    const attempt = async (file: string, up: string) => {
      project.write(file, `export default { description: 'wrong', sector: 'ecommerce', async up({ db, sql }) { ${up} } };\n`);
      const error = await m.up().catch((e: unknown) => e);
      project.remove(file);
      expect(DihyaError.is(error, 'EXTENSION_FAILED')).toBe(true);
      return (error as DihyaError).message;
    };
    expect(
      await attempt('20260404090000_lose_money.ts', "await sql`update payments set amount_cents = amount_cents - 1 where currency = 'EUR'`.execute(db);"),
    ).toContain('payments.amount_cents: EUR totals 17490 before, 17488 after');
    expect(
      await attempt('20260404090001_float_fee.ts', "await db.schema.alterTable('payments').addColumn('fee_amount', 'double precision').execute();"),
    ).toMatch(/money in floating-point columns: payments\.fee_amount \((double|double precision|real)\)/);
    expect(await attempt('20260404090002_bad_currency.ts', "await sql`update payments set currency = 'EU' where id = 1`.execute(db);")).toContain(
      'payments.currency holds codes that are not ISO 4217: EU',
    );
    expect(await applied()).toEqual(['20260401090000', '20260402090000', '20260403090000']);
    const columns = Object.keys((await m.target.snapshotSchema(undefined, m.tables.all)).tables.payments!.columns);
    expect(columns).not.toContain('fee_amount');
  });

  it('loads a pack from a module path and applies its hooks to the migrations of its sector only', async () => {
    (globalThis as { __banking?: string[] }).__banking = [];
    writeFileSync(
      path.join(project.dir, 'banking.ts'),
      `export default {
  name: 'banking',
  description: { en: 'banking', fr: 'banque' },
  hooks: { beforeMigrate: (ctx, sector) => { (globalThis.__banking ??= []).push(ctx.migration.name + ':' + sector); } },
  checks: [{ name: 'no-iban-drop', description: { en: 'IBANs stay', fr: 'les IBAN restent' }, prepare: (m) => (/drop column iban/i.test(m.text) ? [{ en: 'drops IBANs', fr: 'supprime des IBAN' }] : []) }],
};\n`,
    );
    project.write('20260501090000_accounts.sql', '-- dihya:sector banking\n-- migrate:up\ncreate table accounts (id integer primary key, iban varchar(34));\n');
    project.write('20260502090000_other.sql', '-- migrate:up\ncreate table others (id integer primary key);\n');
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ sectors: ['./banking.ts'] }));
    migrator = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: db.url } });
    await migrator.up();
    expect((globalThis as { __banking?: string[] }).__banking).toEqual(['20260501090000_accounts:banking']);
    project.write('20260503090000_drop.sql', '-- dihya:sector banking\n-- migrate:up\nalter table accounts drop column iban;\n');
    const error = await migrator.up().catch((e: unknown) => e);
    expect(DihyaError.is(error, 'SECTOR_RULE_VIOLATED')).toBe(true);
  });

  it('refuses an unknown or malformed pack before the lock (exit 2, with a hint)', async () => {
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ url: db.url, sectors: ['banque'] }));
    const unknown = await cli(['up'], project.dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Sector pack banque cannot be loaded: no built-in pack has this name');
    expect(unknown.stderr).toContain('sante, education, ecommerce');
    writeFileSync(path.join(project.dir, 'bad.ts'), `export default { name: 'Bad Name', description: { en: 'x', fr: 'x' } };\n`);
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ url: db.url, sectors: ['./bad.ts'] }));
    const bad = await cli(['up'], project.dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Sector pack ./bad.ts is malformed: name: must be lower-case letters');
    expect(await tableExists(db.url, 'dihya_migrations')).toBe(false);
  });
});

describe('new --sector', () => {
  let project: TestProject;
  beforeEach(() => {
    project = createProject();
  });
  afterEach(() => project.cleanup());

  it('writes a migration from the pack’s template, which loads and declares the sector', async () => {
    const santé = await cli(['new', 'add_blood_type', '--sector', 'sante', '--json'], project.dir);
    expect(santé.code).toBe(0);
    const text = readFileSync(santé.json.file as string, 'utf8');
    expect(text).toContain("sector: 'sante'");
    expect(text).toContain('approvedBy:');
    const education = await cli(['new', 'grades_to_letters', '--sector', 'education', '--json'], project.dir);
    expect(readFileSync(education.json.file as string, 'utf8')).toContain('sectorRules: {');
    const sql = await cli(['new', 'split_payments', '--sector', 'ecommerce', '--sql', '--json'], project.dir);
    expect(readFileSync(sql.json.file as string, 'utf8')).toContain('-- dihya:sector ecommerce');
    project.remove(path.basename(sql.json.file as string)); // its empty up section is for the author to write
    const migrator = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: `sqlite:${path.join(project.dir, 'x.db')}` } });
    try {
      expect((await migrator.validate()).files).toBe(2);
    } finally {
      await migrator.close();
    }
    const unknown = await cli(['new', 'x', '--sector', 'banque'], project.dir);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('No template for sector banque');
    expect(unknown.stderr).toContain('sante, education, ecommerce');
  });
});

describe('demo --sector', () => {
  let cwd: TestProject;
  beforeEach(() => {
    cwd = createProject();
  });
  afterEach(() => cwd.cleanup());

  it.each([
    ['sante', 'SECTOR_RULE_VIOLATED', 3],
    ['education', 'EXTENSION_FAILED', 2],
    ['ecommerce', 'EXTENSION_FAILED', 3],
  ])('runs the %s example on SQLite and shows the pack stopping its wrong migration', async (sector, code, entries) => {
    const run = await cli(['demo', '--sector', sector, '--json'], cwd.dir);
    expect(run.code).toBe(0);
    expect(run.json.applied).toHaveLength(3);
    expect(run.json.audit).toHaveLength(entries);
    expect(run.json.stopped.code).toBe(code);
    const text = await cli(['--lang', 'fr', 'demo', '--sector', sector], cwd.dir);
    expect(text.stdout).toContain(`examples/${sector}`);
    expect(text.stdout).toContain('la migration erronée n’a rien changé');
  });
});

describe('plan with hooks and packs', () => {
  let project: TestProject;
  afterEach(() => project.cleanup());

  it('lists per migration the sector checks and hooks that would run', async () => {
    project = createProject();
    cpSync(path.join(EXAMPLES, 'sante', 'migrations'), project.migrationsDir, { recursive: true });
    project.write('20260209090000_rooms.sql', '-- migrate:up\ncreate table rooms (id integer primary key);\n');
    writeFileSync(
      path.join(project.dir, 'dihya.config.ts'),
      `export default { url: 'sqlite:./p.db', sectors: ['sante', 'education'], hooks: { afterMigrate: [function notifyTeam() {}], afterAll: () => {} } };\n`,
    );
    writeFileSync(path.join(project.dir, 'p.db'), ''); // read-only commands never create the database
    const plan = await cli(['plan', '--json'], project.dir);
    expect(plan.code).toBe(0);
    const byName = Object.fromEntries((plan.json.pending as { name: string; hooks: string[] }[]).map((p) => [p.name, p.hooks]));
    const santé = ['sector sante: check special-category-declared', 'sector sante: check access-audit'];
    expect(byName['20260201090000_create_patients']).toEqual([...santé, 'hook afterMigrate #1 (notifyTeam)']);
    expect(byName['20260209090000_rooms']).toEqual([...santé, 'hook afterMigrate #1 (notifyTeam)']);
    const text = await cli(['plan'], project.dir);
    expect(text.stdout).toContain(
      '-- applies: sector sante: check special-category-declared, sector sante: check access-audit, hook afterMigrate #1 (notifyTeam)',
    );
  });
});

describe('docs', () => {
  let project: TestProject;
  afterEach(() => project.cleanup());

  it('writes MIGRATIONS.md from the files and the history: sector, purpose, checks, down, applied when, schema changes, personal data', async () => {
    project = createProject();
    cpSync(path.join(EXAMPLES, 'sante', 'migrations'), project.migrationsDir, { recursive: true });
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ url: 'sqlite:./docs.db', sectors: ['sante'] }));
    expect((await cli(['up', '--to', '20260202090000'], project.dir)).code).toBe(0);
    const run = await cli(['docs', '--out', 'docs/MIGRATIONS.md', '--json'], project.dir);
    expect(run.code).toBe(0);
    expect(run.json.migrations).toBe(3);
    const doc = readFileSync(path.join(project.dir, 'docs', 'MIGRATIONS.md'), 'utf8');
    expect(doc).toContain('| 20260201090000 | [Create patients and consultations](#20260201090000) | sante | applied |');
    expect(doc).toContain('- purpose: Align patient identifiers with the regional health network');
    expect(doc).toContain('- approved by: data protection officer');
    expect(doc).toContain('- checks: not null: patients.patient_ref; row counts: patients 3');
    expect(doc).toContain('- schema changes: +column patients.patient_ref');
    expect(doc).toMatch(/- applied: \d{4}-\d\d-\d\dT[^ ]+ by \S+ on sqlite:/);
    expect(doc).toContain('- personal data touched: consultations, diagnosis, patient_id, patients');
    expect(doc).toContain('- hooks and checks that run: sector sante: check special-category-declared, sector sante: check access-audit');
    expect(doc).toMatch(/## 20260203090000\n\n\*\*Add a known-allergies column to patients\*\*[\s\S]*- applied: pending\n- personal data touched: patients\n/);
    expect(doc).not.toContain('hypertension');
  });
});
