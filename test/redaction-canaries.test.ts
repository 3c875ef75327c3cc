import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCliProcess } from './helpers/cli.ts';
import { CANARIES } from './helpers/canaries.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';

const PEOPLE = `-- migrate:up
create table people (id integer primary key, email varchar(100) unique, phone varchar(40), iban varchar(60), card varchar(40), nir varchar(40));
insert into people (id, email, phone, iban, card, nir) values
  (1, '${CANARIES.email}', '${CANARIES.phoneFr}', '${CANARIES.iban}', '${CANARIES.card}', '${CANARIES.nir}'),
  (2, 'other.${CANARIES.email}', '${CANARIES.phoneIntl}', '${CANARIES.ibanCompact}', '${CANARIES.cardCompact}', '${CANARIES.nirCompact}');
`;

/** A migration whose error message carries every personal value of row 1. */
const LEAKY_ERROR = `export default {
  description: 'fails with personal data in its error',
  async up({ db }) {
    const row = await db.selectFrom('people').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
    throw new Error('cannot migrate ' + [row.email, row.phone, row.iban, row.card, row.nir].join(' / '));
  },
};
`;

/** A migration that breaks a unique key: MariaDB puts the duplicated e-mail in its error. */
const DUPLICATE = `-- migrate:up
insert into people (id, email) values (3, '${CANARIES.email}');
`;

const LEAKY_VERIFY = `export default {
  description: 'verify() rejects with personal data',
  async up({ db }) { await db.updateTable('people').set({ phone: null }).where('id', '=', 2).execute(); },
  async verify({ db }) {
    const row = await db.selectFrom('people').selectAll().where('id', '=', 2).executeTakeFirstOrThrow();
    throw new Error('phone of ' + row.email + ' is missing, card ' + row.card + ', iban ' + row.iban);
  },
};
`;

function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

describe.each(DIALECTS)('no personal value or secret in any output on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let url: string;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    // PostgreSQL here trusts local connections, so a password in the URL is accepted and must never show.
    url = dialect === 'postgres' ? db.url.replace('postgres@', `postgres:${CANARIES.password}@`) : db.url;
    project = createProject({ '20260101000000_people.sql': PEOPLE });
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('keeps canaries planted in data and in errors out of the console, logs, audit and manifests', async () => {
    const outputs: string[] = [];
    const cli = async (...args: string[]) => {
      for (const json of [[], ['--json']]) {
        const r = await runCliProcess([...args, '--url', url, ...json], { cwd: project.dir });
        outputs.push(r.stdout, r.stderr);
      }
    };
    await cli('up');
    for (const [name, content] of [
      ['20260102000000_leaky_error.ts', LEAKY_ERROR],
      ['20260102000000_duplicate.sql', DUPLICATE],
      ['20260102000000_leaky_verify.ts', LEAKY_VERIFY],
    ] as const) {
      project.write(name, content);
      await cli('up');
      await cli('status');
      project.remove(name);
    }
    await cli('plan');
    await cli('backup', 'list');
    await cli('audit', 'show');
    await cli('audit', 'verify');
    await cli('status', '--lang', 'fr');

    const stateFiles = filesUnder(path.join(project.dir, '.dihya')).filter((f) => /\.(jsonl|log|json)$/.test(f));
    expect(stateFiles.some((f) => f.endsWith('dihya.log'))).toBe(true);
    expect(stateFiles.some((f) => /audit-.*\.jsonl$/.test(f))).toBe(true);
    expect(stateFiles.some((f) => f.endsWith('manifest.json'))).toBe(true);
    const everything = [...outputs, ...stateFiles.map((f) => readFileSync(f, 'utf8'))].join('\n');

    // The scenarios did happen (the errors were printed), only the values are gone.
    expect(everything).toContain('cannot migrate [email] / [phone] / [iban] / [card] / [nir]');
    expect(everything).toMatch(/phone of \[email\] is missing/);
    for (const [kind, value] of Object.entries(CANARIES)) {
      if (kind === 'password' && dialect !== 'postgres') continue;
      expect(everything.includes(value), `${kind} canary leaked`).toBe(false);
      expect(everything.includes(value.replace(/\s/g, '')), `${kind} canary leaked (compact)`).toBe(false);
    }
  });
});
