import { existsSync } from 'node:fs';
import path from 'node:path';
import { entriesOf } from '../util/dir-entries.ts';
import type { LayoutReader } from './layout.ts';
import { inVersionOrder, invalidFile, layoutMigration, readScript } from './layout-file.ts';

const FOLDER = /^(\d{14})_(.+)$/;
const SCRIPT = 'migration.sql';

/**
 * Prisma Migrate's layout: one folder per migration, `<timestamp>_<name>/migration.sql`
 * (`migration_lock.toml` beside them is ignored). Prisma writes no `down`.
 *
 * @example
 * prismaLayout.read('prisma/migrations').map((m) => m.name) // ['20240101120000_init']
 */
export const prismaLayout: LayoutReader = {
  name: 'prisma',
  detect: (dir) => existsSync(path.join(dir, 'migration_lock.toml')) || folders(dir).some((entry) => existsSync(path.join(dir, entry, SCRIPT))),
  read(dir) {
    const files = folders(dir).map((entry) => {
      const match = FOLDER.exec(entry);
      const script = path.join(dir, entry, SCRIPT);
      if (!match || !existsSync(script)) throw invalidFile('prisma', entry, `<timestamp>_<name>/${SCRIPT}`);
      const parts = { up: { text: readScript(script), fileName: `${entry}/${SCRIPT}` } };
      return layoutMigration({ version: match[1]!, name: entry, slug: match[2]!, file: script, parts });
    });
    return inVersionOrder(files);
  },
};

function folders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return entriesOf(dir, 'directory')
    .filter((entry) => !entry.startsWith('.'))
    .sort();
}
