import { existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli as cliInProcess, runCliProcess } from './helpers/cli.ts';
import { CANARIES } from './helpers/canaries.ts';
import { createScratchDatabase, DIALECTS, withMysql, withPg, type ScratchDatabase } from './helpers/databases.ts';
import { query } from './helpers/tables.ts';

/** The privacy key of these runs: it must never show either. */
const KEY = 'Canary-Privacy-Key-0123456789';
import { createProject, type TestProject } from './helpers/project.ts';

const PEOPLE = `-- migrate:up
create table people (id integer primary key, email varchar(100) unique, phone varchar(40), iban varchar(60), card varchar(40), nir varchar(40));
insert into people (id, email, phone, iban, card, nir) values
  (1, '${CANARIES.email}', '${CANARIES.phoneFr}', '${CANARIES.iban}', '${CANARIES.card}', '${CANARIES.nir}'),
  (2, 'other.${CANARIES.email}', '${CANARIES.phoneIntl}', '${CANARIES.ibanCompact}', '${CANARIES.cardCompact}', '${CANARIES.nirCompact}'),
  (3, '${CANARIES.emailIdn}', '${CANARIES.phoneUs}', '${CANARIES.ibanLower}', '${CANARIES.card2Series}', '${CANARIES.nirDashed}'),
  (4, '${CANARIES.emailEncoded}', '${CANARIES.phoneUk}', null, null, null),
  (5, '${CANARIES.emailQuoted.replace(/'/g, "''")}', '${CANARIES.phoneDe}', null, null, null),
  (6, 'six.${CANARIES.email}', '${CANARIES.phoneCa}', null, null, null),
  (7, 'seven.${CANARIES.email}', '${CANARIES.phoneBr}', null, null, null);
`;

/** A cast that fails on a national-format phone: PostgreSQL puts the value in its error; elsewhere the migration says it. */
const CAST_ERROR = `export default {
  description: 'casts phone numbers to integers',
  async up({ db, sql, dialect }) {
    const rows = await db.selectFrom('people').select(['phone']).where('id', '>=', 3).orderBy('id').execute();
    for (const { phone } of rows) {
      if (dialect === 'postgres') await sql\`select cast(\${phone} as integer)\`.execute(db);
      else throw new Error('invalid input syntax for type integer: "' + phone + '"');
    }
  },
};
`;

/** A table whose name carries a card number, joined by _ (issue 7): up, status, plan, the audit's schema changes, manifests. */
const CARD_TABLE = `-- migrate:up
create table export_${CANARIES.card2Series} (id integer primary key);
`;

/** Migration files that hold canaries on purpose: named in privacy.literals.allow. */
const ALLOWED = {
  '20260101000000_people.sql': 'canary fixtures',
  '20260102000000_duplicate.sql': 'canary fixtures',
  '20260103000000_card_table.sql': 'canary fixtures',
};

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
    writeFileSync(
      path.join(project.dir, 'dihya.config.json'),
      JSON.stringify({
        privacy: {
          literals: { allow: ALLOWED },
          columns: {
            'people.email': { kind: 'email', strategy: 'fake' },
            'people.phone': { kind: 'phone', strategy: 'fake' },
            'people.iban': { kind: 'iban', strategy: 'fake' },
            'people.card': { kind: 'card', strategy: 'fake' },
            'people.nir': { kind: 'nir', strategy: 'fake' },
          },
          subjects: { person: { table: 'people', key: 'id' } },
        },
      }),
    );
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('keeps canaries planted in data and in errors out of the console, logs, audit and manifests', async () => {
    const outputs: string[] = [];
    const cli = async (...args: string[]) => {
      for (const json of [[], ['--json']]) {
        const r = await runCliProcess([...args, '--url', url, ...json], { cwd: project.dir, env: { DIHYA_PRIVACY_KEY: KEY } });
        outputs.push(r.stdout, r.stderr);
      }
    };
    await cli('up');
    for (const [name, content] of [
      ['20260102000000_leaky_error.ts', LEAKY_ERROR],
      ['20260102000000_duplicate.sql', DUPLICATE],
      ['20260102000000_leaky_verify.ts', LEAKY_VERIFY],
      ['20260102000000_cast_error.ts', CAST_ERROR],
    ] as const) {
      project.write(name, content);
      await cli('up');
      await cli('status');
      project.remove(name);
    }
    project.write('20260103000000_card_table.sql', CARD_TABLE);
    await cli('plan');
    await cli('up');
    await cli('status');
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
    expect(everything).toMatch(/invalid input syntax for type integer: "\[phone\]"/);
    expect(everything).toContain('export_[card]');
    for (const [kind, value] of Object.entries(CANARIES)) {
      if (kind === 'password' && dialect !== 'postgres') continue;
      expect(everything.includes(value), `${kind} canary leaked`).toBe(false);
      expect(everything.includes(value.replace(/\s/g, '')), `${kind} canary leaked (compact)`).toBe(false);
    }
  });

  it('keeps canaries out of the privacy commands: scan, anonymize, subject export and erase, and the restore that re-applies an erasure', async () => {
    const outputs: string[] = [];
    // In this process (faster), except the backup and the restore: a SQLite backup holds the
    // lease row of the process that took it, which must be gone for the restore to take the lock.
    const cli = async (...args: string[]) => {
      process.env.DIHYA_PRIVACY_KEY = KEY;
      try {
        for (const json of [[], ['--json']]) {
          const r = await cliInProcess([...args, '--url', url, ...json], project.dir);
          outputs.push(r.stdout, r.stderr);
        }
      } finally {
        delete process.env.DIHYA_PRIVACY_KEY;
      }
      return outputs.at(-2)!;
    };
    const processCli = async (...args: string[]) => {
      for (const json of [[], ['--json']]) {
        const r = await runCliProcess([...args, '--url', url, ...json], { cwd: project.dir, env: { DIHYA_PRIVACY_KEY: KEY } });
        outputs.push(r.stdout, r.stderr);
      }
      return outputs.at(-2)!;
    };
    await cli('up');
    await cli('privacy', 'scan');
    await cli('privacy', 'scan', '--check');
    const backup = JSON.parse(await processCli('backup', 'create', '--reason', 'before the requests')).backup.id as string;
    const exportFile = path.join(project.dir, 'person-1.json');
    await cli('subject', 'export', 'person', '1', '--out', exportFile);
    expect(readFileSync(exportFile, 'utf8')).toContain(CANARIES.email); // the export itself holds the data, 0600, outside the state dir
    await cli('subject', 'erase', 'person', '3', '--yes');
    await cli('status');
    await cli('backup', 'verify', backup);
    await processCli('backup', 'restore', backup, '--yes');
    const anonymized = JSON.parse(await cli('anonymize'));
    await cli('audit', 'show');
    await cli('audit', 'verify');
    try {
      const copy = await query<{ email: string; phone: string }>(String(anonymized.database), 'select email, phone from people order by id');
      expect(copy.length).toBeGreaterThan(0);
      for (const row of copy) expect(row.email).toMatch(/@example\.(com|org|net)$/);
    } finally {
      await dropScratch(dialect, String(anonymized.database));
    }

    const stateFiles = filesUnder(path.join(project.dir, '.dihya')).filter((f) => /\.(jsonl|log|json)$/.test(f));
    expect(stateFiles.some((f) => /erasures-.*\.jsonl$/.test(f))).toBe(true);
    const everything = [...outputs, ...stateFiles.map((f) => readFileSync(f, 'utf8'))].join('\n');
    expect(everything).toContain('subject.erasures-reapplied');
    expect(everything.includes(KEY)).toBe(false);
    for (const [kind, value] of Object.entries(CANARIES)) {
      if (kind === 'password' && dialect !== 'postgres') continue;
      const at = everything.indexOf(value);
      expect(at, `${kind} canary leaked: …${everything.slice(Math.max(0, at - 80), at + 80)}…`).toBe(-1);
      expect(everything.includes(value.replace(/\s/g, '')), `${kind} canary leaked (compact)`).toBe(false);
    }
  }, 600_000); // dozens of commands on three dialects: generous on a loaded machine
});

/** Drops the scratch database `anonymize` created (its URL as printed, without credentials). */
async function dropScratch(dialect: string, url: string): Promise<void> {
  if (dialect === 'sqlite') {
    rmSync(path.dirname(url.slice('sqlite:'.length)), { recursive: true, force: true });
    return;
  }
  const name = new URL(url).pathname.slice(1);
  if (dialect === 'postgres') await withPg((c) => c.query(`drop database if exists ${name} with (force)`));
  else await withMysql((c) => c.query(`drop database if exists ${name}`));
}
