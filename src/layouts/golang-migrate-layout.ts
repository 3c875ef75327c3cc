import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SqlParts } from '../migrations/sql-parts.ts';
import type { LayoutReader } from './layout.ts';
import { inVersionOrder, invalidFile, layoutMigration, readScript, sqlFilesIn } from './layout-file.ts';

const FILE = /^(\d+)_(.+)\.(up|down)\.sql$/;

/**
 * golang-migrate's layout: `<version>_<name>.up.sql` and `<version>_<name>.down.sql`, integer
 * versions (`1`, `000001`, or timestamps) ordered by number. A script wrapped in `BEGIN; … COMMIT;`
 * runs in the runner's own transaction instead.
 *
 * @example
 * golangMigrateLayout.read('migrations').map((m) => m.version) // ['000001', '000002']
 */
export const golangMigrateLayout: LayoutReader = {
  name: 'golang-migrate',
  detect: (dir) => existsSync(dir) && sqlFilesIn(dir).some((entry) => FILE.test(entry)),
  read(dir) {
    const byName = new Map<string, { version: string; slug: string; up?: string; down?: string }>();
    for (const entry of sqlFilesIn(dir)) {
      const match = FILE.exec(entry);
      if (!match) throw invalidFile('golang-migrate', entry, '<version>_<name>.up.sql and .down.sql');
      const [, version, slug, direction] = match as unknown as [string, string, string, 'up' | 'down'];
      const name = `${version}_${slug}`;
      const found = byName.get(name) ?? { version, slug };
      found[direction] = entry;
      byName.set(name, found);
    }
    const files = [...byName].map(([name, found]) => {
      if (!found.up) throw invalidFile('golang-migrate', found.down!, `${name}.up.sql next to it`);
      const part = (entry: string) => ({ text: readScript(path.join(dir, entry)), fileName: entry, unwrapTransaction: true });
      const parts: SqlParts = { up: part(found.up), ...(found.down ? { down: part(found.down) } : {}) };
      return layoutMigration({ version: found.version, name, slug: found.slug, file: path.join(dir, found.up), parts });
    });
    return inVersionOrder(files);
  },
};
