import { accessSync, constants, readdirSync, realpathSync } from 'node:fs';
import path from 'node:path';
import type { ClientToolFinder } from '../../../../tools/find-client-tool.ts';

/** Where Debian and Ubuntu install each PostgreSQL major version's client tools. */
const DEBIAN_PG_LIB = '/usr/lib/postgresql';

/**
 * A finder that, where `find` returns Debian's `pg_wrapper` (the Perl script `/usr/bin/pg_dump`,
 * `psql`… link to), returns the tool of the newest installed major version instead, which is what
 * the wrapper runs for a connection given by host and port: the same program, without starting a
 * Perl interpreter first (about 40 ms per tool started, and a backup or a plan starts several).
 * Left as found when `PGCLUSTER` chooses a version, or when no versioned tool is there.
 *
 * @example
 * const findTool = bypassingPgWrapper((names) => findClientTool(names))
 * findTool(['pg_dump']) // '/usr/lib/postgresql/15/bin/pg_dump' (where PATH has /usr/bin/pg_dump -> pg_wrapper)
 */
export function bypassingPgWrapper(find: ClientToolFinder, options: { env?: NodeJS.ProcessEnv; libDir?: string } = {}): ClientToolFinder {
  const env = options.env ?? process.env;
  const libDir = options.libDir ?? DEBIAN_PG_LIB;
  return (names) => {
    const found = find(names);
    if (!found || env.PGCLUSTER || !isPgWrapper(found)) return found;
    return newestVersionedTool(libDir, path.basename(found)) ?? found;
  };
}

function isPgWrapper(file: string): boolean {
  try {
    return path.basename(realpathSync(file)) === 'pg_wrapper';
  } catch {
    return false;
  }
}

/** `<libDir>/<newest major>/bin/<name>` when it exists. */
function newestVersionedTool(libDir: string, name: string): string | undefined {
  let majors: number[];
  try {
    majors = readdirSync(libDir)
      .filter((entry) => /^\d+(\.\d+)?$/.test(entry))
      .map(Number)
      .sort((a, b) => b - a);
  } catch {
    return undefined;
  }
  for (const major of majors) {
    const candidate = path.join(libDir, String(major), 'bin', name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // this version does not ship the tool: try an older one
    }
  }
  return undefined;
}
