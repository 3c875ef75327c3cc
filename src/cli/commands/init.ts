import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES } from '../../config/load-config.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import { ensureGitignored } from '../../util/gitignore-entry.ts';
import type { GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';
import { CONFIG_TEMPLATE } from '../templates.ts';

/**
 * `init`: writes dihya.config.ts, creates the migrations folder and adds the state folder
 * (`.dihya/`: backups with personal data, logs, audit) to `.gitignore`. Never overwrites.
 */
/** The state folder of the config `init` writes (the config's default). */
const STATE_DIR = '.dihya';

export async function initCommand(globals: GlobalOptions): Promise<CommandResult> {
  const existing = CONFIG_FILE_NAMES.map((n) => path.join(globals.cwd, n)).find((f) => existsSync(f));
  if (existing) throw new DihyaError('CONFIG_EXISTS', { file: path.basename(existing) });
  const configFile = path.join(globals.cwd, 'dihya.config.ts');
  const migrationsDir = path.join(globals.cwd, globals.migrations ?? 'migrations');
  writeFileSync(configFile, CONFIG_TEMPLATE, { flag: 'wx' });
  mkdirSync(migrationsDir, { recursive: true });
  const gitignore = ensureGitignored(globals.cwd, STATE_DIR);
  return {
    json: { config: configFile, migrationsDir, gitignore },
    text: [
      globals.m.init.created(path.relative(globals.cwd, configFile)),
      globals.m.init.created(`${path.relative(globals.cwd, migrationsDir) || '.'}/`),
      ...(gitignore === 'present' ? [] : [globals.m.init.ignored(`${STATE_DIR}/`)]),
      globals.m.init.next,
    ],
  };
}
