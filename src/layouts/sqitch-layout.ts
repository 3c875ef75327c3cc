import { existsSync } from 'node:fs';
import path from 'node:path';
import { DihyaError } from '../errors/dihya-error.ts';
import type { SqlPart } from '../migrations/sql-parts.ts';
import type { LayoutReader } from './layout.ts';
import { layoutMigration, readScript } from './layout-file.ts';

const PLAN = 'sqitch.plan';
const CHANGE = /^[+-]?([^\s[\]@#:%][^\s[\]@#:]*)(?:\s+\[[^\]]*\])?\s+(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)\s+.*?<[^>]*>(?:\s+#\s?(.*))?$/;

/**
 * Sqitch's layout: `sqitch.plan` lists the changes in order; each has `deploy/<change>.sql`
 * (the `up`), `revert/<change>.sql` (the `down`) and `verify/<change>.sql` (run after `up`, in
 * its transaction; a failure rolls the change back). A change's version is its place in the plan
 * (`0001`, `0002`…), its name the change name; tags, pragmas and comments are skipped. Scripts
 * wrapped in `BEGIN; … COMMIT;` (Sqitch's templates) run in the runner's transaction instead.
 *
 * @example
 * sqitchLayout.read('db').map((m) => `${m.version} ${m.name}`) // ['0001 appschema', '0002 users']
 */
export const sqitchLayout: LayoutReader = {
  name: 'sqitch',
  detect: (dir) => existsSync(path.join(dir, PLAN)),
  read(dir) {
    const planFile = path.join(dir, PLAN);
    const seen = new Set<string>();
    const files = [];
    for (const [index, raw] of readScript(planFile).split(/\r?\n/).entries()) {
      const text = raw.trim();
      if (text === '' || text.startsWith('#') || text.startsWith('%') || text.startsWith('@')) continue;
      const match = CHANGE.exec(text);
      const invalid = (reason: string) => new DihyaError('SQITCH_PLAN_INVALID', { file: PLAN, line: index + 1, reason });
      if (!match) throw invalid('not a change line');
      const [, change, , note] = match as unknown as [string, string, string, string | undefined];
      if (seen.has(change)) throw invalid(`change ${change} is reworked (listed twice): reworked changes are not read yet`);
      seen.add(change);
      const deploy = script(dir, 'deploy', change);
      if (!deploy) throw new DihyaError('SQITCH_SCRIPT_MISSING', { change, file: `deploy/${change}.sql` });
      const revert = script(dir, 'revert', change);
      const verify = script(dir, 'verify', change);
      const version = String(files.length + 1).padStart(4, '0');
      const parts = { up: deploy, ...(revert ? { down: revert } : {}), ...(verify ? { verify } : {}) };
      files.push(layoutMigration({ version, name: change, slug: change, file: path.join(dir, 'deploy', `${change}.sql`), parts, ...(note ? { note } : {}) }));
    }
    return files;
  },
};

function script(dir: string, kind: 'deploy' | 'revert' | 'verify', change: string): SqlPart | undefined {
  const file = path.join(dir, kind, `${change}.sql`);
  if (!existsSync(file)) return undefined;
  return { text: readScript(file), fileName: `${kind}/${change}.sql`, unwrapTransaction: true };
}
