import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';

/**
 * Looks a client tool up by its possible names, in order; returns its absolute path or undefined.
 *
 * @example
 * const onlyPsql: ClientToolFinder = (names) => (names.includes('psql') ? '/usr/bin/psql' : undefined)
 */
export type ClientToolFinder = (names: readonly string[]) => string | undefined;

/**
 * Finds the first of `names` that is an executable file on `PATH`.
 *
 * `DIHYA_NO_CLIENT_TOOLS` hides tools, so the driver-only fallbacks can be used or tested
 * without editing `PATH`: `1` (or `true`, `all`) hides every tool, a comma-separated list
 * (`mysqldump,mariadb-dump`) hides only those names.
 *
 * @example
 * findClientTool(['mariadb-dump', 'mysqldump'])            // '/usr/bin/mariadb-dump'
 * findClientTool(['pg_dump'], { env: { DIHYA_NO_CLIENT_TOOLS: '1' } }) // undefined
 */
export function findClientTool(names: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): string | undefined {
  const env = options.env ?? process.env;
  const key = [env.PATH ?? '', env.DIHYA_NO_CLIENT_TOOLS ?? '', ...names].join('\0');
  const known = found.get(key);
  if (known && isExecutableFile(known)) return known;
  const hidden = hiddenTools(env.DIHYA_NO_CLIENT_TOOLS);
  const dirs = (env.PATH ?? '').split(path.delimiter).filter((dir) => dir !== '');
  for (const name of names) {
    if (hidden === 'all' || hidden.has(name)) continue;
    for (const dir of dirs) {
      const candidate = path.resolve(dir, name);
      if (isExecutableFile(candidate)) {
        found.set(key, candidate);
        return candidate;
      }
    }
  }
  found.delete(key);
  return undefined;
}

/**
 * Tools found so far in this process, per PATH, DIHYA_NO_CLIENT_TOOLS and names: a later lookup
 * only checks the file is still there. A tool not found is looked for again next time.
 */
const found = new Map<string, string>();

/**
 * A finder that never finds anything: for callers (and tests) that want the driver-only paths.
 *
 * @example
 * postgresBackupDriver(spec, { findTool: noClientTools }) // always uses pg-copy
 */
export const noClientTools: ClientToolFinder = () => undefined;

function hiddenTools(value: string | undefined): 'all' | Set<string> {
  const text = (value ?? '').trim();
  if (text === '' || text === '0' || text.toLowerCase() === 'false') return new Set();
  if (['1', 'true', 'all', 'yes'].includes(text.toLowerCase())) return 'all';
  return new Set(
    text
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
  );
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}
