import { existsSync } from 'node:fs';
import path from 'node:path';
import type { SqlPart } from '../migrations/sql-parts.ts';
import { REPEATABLE_PREFIX } from '../migrations/version-order.ts';
import type { LayoutReader } from './layout.ts';
import { inVersionOrder, invalidFile, layoutMigration, readScript, sqlFilesIn } from './layout-file.ts';

const VERSIONED = /^([VU])(\d+(?:[._]\d+)*)__(.+)\.sql$/;
const REPEATABLE = /^R__(.+)\.sql$/;

/**
 * Flyway's layout: `V<version>__<description>.sql` (dotted versions, `_` read as `.`, ordered by
 * number: `1.2` < `1.10`), `U<version>__<description>.sql` its undo (the `down`), and
 * `R__<description>.sql` repeatable migrations, re-applied after the versioned ones whenever their
 * checksum changes (recorded as version `R__<description>`). A script's `<file>.sql.conf` with
 * `executeInTransaction=false` runs it outside a transaction, as Flyway does.
 *
 * @example
 * flywayLayout.read('sql').map((m) => m.version) // ['1', '1.2', '1.10', 'R__views']
 */
export const flywayLayout: LayoutReader = {
  name: 'flyway',
  detect: (dir) => existsSync(dir) && sqlFilesIn(dir).some((entry) => VERSIONED.test(entry) || REPEATABLE.test(entry)),
  read(dir) {
    const versioned = new Map<string, { slug: string; v?: string; u?: string }>();
    const files = [];
    for (const entry of sqlFilesIn(dir)) {
      const repeatable = REPEATABLE.exec(entry);
      if (repeatable) {
        const slug = repeatable[1]!;
        const version = `${REPEATABLE_PREFIX}${slug}`;
        files.push(layoutMigration({ version, name: version, slug, file: path.join(dir, entry), parts: { up: part(dir, entry) }, repeatable: true }));
        continue;
      }
      const match = VERSIONED.exec(entry);
      if (!match) throw invalidFile('flyway', entry, 'V<version>__<description>.sql, U<version>__<description>.sql or R__<description>.sql');
      const [, prefix, written, slug] = match as unknown as [string, 'V' | 'U', string, string];
      const version = written.replaceAll('_', '.');
      const found = versioned.get(version) ?? { slug };
      if (prefix === 'V') found.v = entry;
      else found.u = entry;
      versioned.set(version, found);
    }
    for (const [version, found] of versioned) {
      if (!found.v) throw invalidFile('flyway', found.u!, `V${version}__<description>.sql next to it`);
      const parts = { up: part(dir, found.v), ...(found.u ? { down: part(dir, found.u) } : {}) };
      files.push(layoutMigration({ version, name: found.v.replace(/\.sql$/, ''), slug: found.slug, file: path.join(dir, found.v), parts }));
    }
    return inVersionOrder(files);
  },
};

function part(dir: string, entry: string): SqlPart {
  const conf = path.join(dir, `${entry}.conf`);
  const noTransaction = existsSync(conf) && /^\s*executeInTransaction\s*=\s*false\s*$/m.test(readScript(conf));
  return { text: readScript(path.join(dir, entry)), fileName: entry, ...(noTransaction ? { transactional: false } : {}) };
}
