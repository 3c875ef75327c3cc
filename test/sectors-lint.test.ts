import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { tableExists } from './helpers/tables.ts';

const FLOAT_PAYMENTS = (allow = '') =>
  `-- dihya:description Create payments\n-- dihya:sector ecommerce\n${allow}-- migrate:up\ncreate table payments (id integer primary key, amount real not null, currency char(3) not null);\n-- migrate:down\ndrop table payments;\n`;

/** A user pack with one lint rule: no IBAN column is ever dropped. */
const BANKING = `export default {
  name: 'banking',
  description: { en: 'IBANs never disappear', fr: 'les IBAN ne disparaissent jamais' },
  lint: [{
    id: 'banking/no-iban-drop',
    severity: 'error',
    explanation: { en: 'Dropping an IBAN column loses payout details.', fr: 'Supprimer une colonne IBAN perd les coordonnées de paiement.' },
    hint: { en: 'Keep the column.', fr: 'Gardez la colonne.' },
    check: (s) => s.statements.filter((st) => /drop\\s+column\\s+iban/i.test(st.sql)).map((st) => ({ line: st.line, message: 'drops iban' })),
  }],
};
`;

describe.each(DIALECTS)('sector packs’ lint rules on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const config = (extra: Record<string, unknown> = {}) =>
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ url: db.url, sectors: ['ecommerce', 'sante'], ...extra }));
  const run = (...args: string[]) => cli([...args, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject();
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('runs in lint, plan, up (lint.onUp) and rehearse like the built-in rules, and a migration may allow one', async () => {
    project.write('20260401090000_create_payments.sql', FLOAT_PAYMENTS());
    config();
    const lint = await run('lint');
    expect(lint.code).toBe(1);
    const found = lint.json.findings.find((f: { rule: string }) => f.rule === 'ecommerce/float-money');
    expect(found).toMatchObject({ severity: 'error', line: 4, migration: '20260401090000_create_payments' });
    expect(found.message).toMatch(/^payments\.amount (real|double)/);
    expect(found.fr.hint).toContain('DECIMAL');
    expect((await run('plan')).json.lint.map((f: { rule: string }) => f.rule)).toContain('ecommerce/float-money');

    config({ lint: { onUp: 'error' } });
    const up = await run('up');
    expect([up.code, up.json.error.code, up.json.error.message]).toEqual([2, 'LINT_BLOCKED', expect.stringContaining('ecommerce/float-money')]);
    const rehearse = await run('rehearse');
    expect([rehearse.code, rehearse.json.error.code, rehearse.json.error.message]).toEqual([2, 'LINT_BLOCKED', expect.stringMatching(/^rehearse refused/)]);
    expect(await tableExists(db.url, 'payments')).toBe(false);

    project.write(
      '20260401090000_create_payments.sql',
      FLOAT_PAYMENTS('-- dihya:lint allow=ecommerce/float-money reason="test fixture, amounts are never summed"\n'),
    );
    const allowed = await run('lint');
    expect(allowed.code).toBe(0);
    expect(allowed.json.findings).toContainEqual(expect.objectContaining({ rule: 'ecommerce/float-money', allowed: 'test fixture, amounts are never summed' }));
  });

  it('santé and éducation rules: special-category data without purpose, a grade column narrowed', async () => {
    config({ sectors: ['sante', 'education'] });
    project.write(
      '20260301090000_create_grades.sql',
      `-- dihya:description Grades\n-- migrate:up\ncreate table grades (id integer primary key, student_id integer, score numeric(4,2));\n-- migrate:down\ndrop table grades;\n`,
    );
    expect((await run('up')).code).toBe(0);
    project.write(
      '20260302090000_round_scores.sql',
      `-- dihya:description Round scores\n-- dihya:sector education\n-- dihya:lint allow=drop-table,rename-table reason="rebuild"\n-- migrate:up\ncreate table grades_new (id integer primary key, student_id integer, score integer);\ndrop table grades;\nalter table grades_new rename to grades;\n`,
    );
    project.write(
      '20260303090000_add_diagnosis.sql',
      `-- dihya:description Add a diagnosis\n-- migrate:up\ncreate table visits (id integer primary key, diagnosis varchar(200));\n-- migrate:down\ndrop table visits;\n`,
    );
    const lint = await run('lint');
    const rules = lint.json.findings.map((f: { rule: string; message: string }) => `${f.rule}: ${f.message}`);
    expect(rules, rules.join('\n')).toContainEqual(expect.stringMatching(/^education\/grade-narrowing: grades\.score (numeric|decimal)\(4,2\) -> int/));
    expect(rules).toContain('sante/special-category-undeclared: touches diagnosis without purpose, approvedBy');
  });
});

describe('a user pack’s lint rule', () => {
  let project: TestProject;
  beforeEach(() => {
    project = createProject();
    mkdirSync(path.join(project.dir, 'sectors'));
  });
  afterEach(() => project.cleanup());
  const config = (pack: string) => {
    writeFileSync(path.join(project.dir, 'sectors', 'banking.js'), pack);
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ url: 'sqlite:./bank.db', sectors: ['./sectors/banking.js'] }));
  };

  it('runs on its sector’s migrations and is listed by lint --rules, in French too', async () => {
    config(BANKING);
    project.write(
      '20260101000000_accounts.sql',
      `-- dihya:description Accounts\n-- migrate:up\ncreate table accounts (id integer primary key, iban varchar(34));\n`,
    );
    expect((await cli(['up'], project.dir)).code).toBe(0);
    project.write(
      '20260102000000_drop_iban.sql',
      `-- dihya:description Drop IBAN\n-- dihya:sector banking\n-- migrate:up\nalter table accounts drop column iban;\n`,
    );
    const lint = await cli(['lint', '--json'], project.dir);
    expect(lint.json.findings).toContainEqual(expect.objectContaining({ rule: 'banking/no-iban-drop', line: 4, severity: 'error' }));
    const fr = await cli(['--lang', 'fr', 'lint'], project.dir);
    expect(fr.stdout).toContain('[banking/no-iban-drop] drops iban');
    expect(fr.stdout).toContain('Gardez la colonne.');
    const rules = await cli(['lint', '--rules', '--json'], project.dir);
    expect(rules.json.rules.at(-1)).toMatchObject({ id: 'banking/no-iban-drop', source: 'sector banking' });
  });

  it('refuses a malformed rule when the pack loads, naming the pack, before any work (exit 2)', async () => {
    config(BANKING.replace("'banking/no-iban-drop'", "'no-iban-drop'"));
    project.write('20260101000000_accounts.sql', `-- dihya:description Accounts\n-- migrate:up\ncreate table accounts (id integer primary key);\n`);
    const up = await cli(['up', '--json'], project.dir);
    expect([up.code, up.json.error.code]).toEqual([2, 'SECTOR_INVALID']);
    expect(up.json.error.message).toContain('Sector pack ./sectors/banking.js is malformed: lint.0.id: "no-iban-drop" must be `banking/<name>`');
    config(BANKING.replace('check: (s) =>', 'check: 3, x: (s) =>'));
    expect((await cli(['lint', '--json'], project.dir)).json.error.code).toBe('SECTOR_INVALID');
    expect(await tableExists('sqlite:' + path.join(project.dir, 'bank.db'), 'accounts').catch(() => false)).toBe(false);
  });
});

describe('docs: the lint status of each migration', () => {
  let project: TestProject;
  afterEach(() => project.cleanup());

  it('writes each migration’s findings (rule ids, severity, line) or clean, and the rules it allows', async () => {
    project = createProject();
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ url: 'sqlite:./docs.db', sectors: ['ecommerce'] }));
    project.write(
      '20260101000000_customers.sql',
      `-- dihya:description Customers\n-- migrate:up\ncreate table customers (id integer primary key);\n-- migrate:down\ndrop table customers;\n`,
    );
    expect((await cli(['up'], project.dir)).code).toBe(0);
    project.write(
      '20260102000000_payments.sql',
      `-- dihya:description Payments\n-- dihya:sector ecommerce\n-- dihya:lint allow=no-down reason="dropped with the shop"\n-- migrate:up\ncreate table payments (id integer primary key, total double precision);\n`,
    );
    expect((await cli(['docs'], project.dir)).code).toBe(0);
    const doc = readFileSync(path.join(project.dir, 'MIGRATIONS.md'), 'utf8');
    expect(doc).toMatch(/## 20260101000000\n[\s\S]*- lint: clean\n- lint exceptions: none\n/);
    expect(doc).toContain('- lint: `ecommerce/float-money` (error, line 5), `money-float` (warning), `no-down` (warning, allowed: dropped with the shop)\n');
    expect(doc).toContain('- lint exceptions: allows no-down (dropped with the shop)\n');
  });
});
