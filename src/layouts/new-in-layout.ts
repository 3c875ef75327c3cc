import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DihyaError } from '../errors/dihya-error.ts';
import { versionFor } from '../migrations/naming.ts';
import { compareVersions } from '../migrations/version-order.ts';
import type { LayoutName } from './layout.ts';
import { readMigrations } from './read-layout.ts';

/** What `new` wrote: the files (absolute paths, the `up` script first) and the new migration's version. */
export interface NewLayoutMigration {
  files: string[];
  version: string;
}

/** Who Sqitch's plan line names as planner: the tool, never a person's name or address. */
const PLANNER = 'dihya-migrate <dihya-migrate@example.invalid>';

/**
 * Writes a new, empty SQL migration in another tool's layout, the way that tool's own `new`/`create`
 * would: golang-migrate `<n+1>_<slug>.up.sql` + `.down.sql` (same width as the files there),
 * Flyway `V<next>__<slug>.sql` + `U<next>__<slug>.sql` (the last part of the newest version plus one:
 * `1.9` -> `1.10`), Prisma `<timestamp>_<slug>/migration.sql`, Sqitch a change line appended to
 * `sqitch.plan` with `deploy/`, `revert/` and `verify/<slug>.sql`. Each `up` holds only comments (a
 * placeholder until it is written). A slug already used (a Sqitch change of that name) is refused.
 *
 * @example
 * newLayoutMigration('migrations', 'flyway', 'add_email', 'add email') // { version: '1.3', files: ['…/V1.3__add_email.sql', '…/U1.3__add_email.sql'] }
 */
export function newLayoutMigration(dir: string, layout: Exclude<LayoutName, 'dihya'>, slug: string, description: string): NewLayoutMigration {
  mkdirSync(dir, { recursive: true });
  const existing = readMigrations(dir, layout);
  const newest = existing.filter((m) => !m.repeatable).at(-1)?.version;
  const up = `-- ${description}\n`;
  switch (layout) {
    case 'golang-migrate': {
      const width = existing.at(-1)?.name.match(/^\d+/)?.[0].length ?? 6;
      const version = String((newest === undefined ? 0 : Number(newest)) + 1).padStart(width, '0');
      return write(dir, version, { [`${version}_${slug}.up.sql`]: up, [`${version}_${slug}.down.sql`]: `-- undo: ${description}\n` });
    }
    case 'flyway': {
      const version = newest === undefined ? '1' : newest.replace(/\d+$/, (last) => String(Number(last) + 1));
      return write(dir, version, { [`V${version}__${slug}.sql`]: up, [`U${version}__${slug}.sql`]: `-- undo: ${description}\n` });
    }
    case 'prisma': {
      const version = nextTimestamp(newest);
      return write(dir, version, { [`${version}_${slug}/migration.sql`]: up });
    }
    case 'sqitch':
      return newSqitchChange(
        dir,
        existing.map((m) => m.name),
        slug,
        description,
      );
  }
}

function newSqitchChange(dir: string, changes: string[], slug: string, description: string): NewLayoutMigration {
  if (changes.includes(slug)) throw new DihyaError('LAYOUT_NEW_UNSUPPORTED', { layout: 'sqitch', reason: `the plan already has a change named ${slug}` });
  const plan = path.join(dir, 'sqitch.plan');
  const project = existsSync(plan) ? /^%project=(\S+)/m.exec(readFileSync(plan, 'utf8'))?.[1] : undefined;
  if (!existsSync(plan)) writeFileSync(plan, `%syntax-version=1.0.0\n%project=${path.basename(path.resolve(dir))}\n\n`, { flag: 'wx' });
  const name = project ?? path.basename(path.resolve(dir));
  const written = write(dir, String(changes.length + 1).padStart(4, '0'), {
    [`deploy/${slug}.sql`]: `-- Deploy ${name}:${slug}\n-- ${description}\n\nBEGIN;\n\n-- XXX Add DDLs here.\n\nCOMMIT;\n`,
    [`revert/${slug}.sql`]: `-- Revert ${name}:${slug}\n\nBEGIN;\n\n-- XXX Add DDLs here.\n\nCOMMIT;\n`,
    [`verify/${slug}.sql`]: `-- Verify ${name}:${slug}\n\nBEGIN;\n\n-- XXX Add verifications here.\n\nROLLBACK;\n`,
  });
  const text = readFileSync(plan, 'utf8');
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  appendFileSync(plan, `${text.endsWith('\n') || text === '' ? '' : '\n'}${slug} ${now} ${PLANNER} # ${description}\n`);
  return { files: [...written.files, plan], version: written.version };
}

/** Now (UTC, 14 digits), or one second after the newest version when that is later. */
function nextTimestamp(newest: string | undefined): string {
  const now = versionFor(new Date());
  if (newest === undefined || compareVersions(newest, now) < 0) return now;
  const t = newest.replace(/^(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)$/, '$1-$2-$3T$4:$5:$6Z');
  return versionFor(new Date(Date.parse(t) + 1000));
}

function write(dir: string, version: string, files: Record<string, string>): NewLayoutMigration {
  const written: string[] = [];
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    if (existsSync(file)) throw new DihyaError('FILE_EXISTS', { file });
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text, { flag: 'wx' });
    written.push(file);
  }
  return { files: written, version };
}
