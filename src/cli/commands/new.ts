import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/load-config.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import { detectLayout } from '../../layouts/read-layout.ts';
import { isValidSlug, parseMigrationName, versionFor } from '../../migrations/naming.ts';
import type { GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';
import { sqlMigrationTemplate, typescriptMigrationTemplate } from '../templates.ts';

/**
 * `new <slug> [--sql] [--sector <name>]`: creates `migrations/YYYYMMDDHHMMSS_slug.ts` (or .sql) with
 * a free, newest timestamp; with `--sector`, from that sector pack's template. In a folder of
 * another tool's layout (`layout` in the config, or detected), writes that layout's SQL files
 * instead (see newLayoutMigration); sector templates exist in this tool's layout only.
 */
export async function newCommand(globals: GlobalOptions, slug: string, options: { sql?: boolean; sector?: string }): Promise<CommandResult> {
  if (!isValidSlug(slug)) {
    throw new DihyaError('USAGE', { usage: 'invalid-slug', value: slug });
  }
  const config = await loadConfig({
    cwd: globals.cwd,
    ...(globals.config ? { configPath: globals.config } : {}),
    overrides: globals.migrations ? { migrationsDir: globals.migrations } : {},
  });
  const layout = detectLayout(config.migrationsDir, config.layout);
  if (layout !== 'dihya') {
    if (options.sector !== undefined)
      throw new DihyaError('LAYOUT_NEW_UNSUPPORTED', { layout, reason: "sector templates are written in this tool's own layout only" });
    const { newLayoutMigration } = await import('../../layouts/new-in-layout.ts');
    const made = newLayoutMigration(config.migrationsDir, layout, slug, slug.replace(/[_-]/g, ' '));
    return {
      json: { file: made.files[0], files: made.files, version: made.version, layout },
      text: made.files.map((file) => globals.m.init.created(path.relative(globals.cwd, file))),
    };
  }
  let text = options.sql ? sqlMigrationTemplate(slug) : typescriptMigrationTemplate(slug);
  if (options.sector !== undefined) {
    const { knownPacks, sectorMigrationText } = await import('../../sectors/sector-template.ts');
    text = sectorMigrationText(await knownPacks(config), options.sector, slug, options.sql ? 'sql' : 'ts');
  }
  const dir = config.migrationsDir;
  mkdirSync(dir, { recursive: true });
  const version = nextVersion(dir);
  const file = path.join(dir, `${version}_${slug}.${options.sql ? 'sql' : 'ts'}`);
  if (existsSync(file)) throw new DihyaError('FILE_EXISTS', { file });
  writeFileSync(file, text, { flag: 'wx' });
  return { json: { file, version }, text: [globals.m.init.created(path.relative(globals.cwd, file))] };
}

/** Now (UTC), or one second after the newest existing version if that is later. */
function nextVersion(dir: string): string {
  let candidate = versionFor(new Date());
  const newest = readdirSync(dir)
    .map((f) => parseMigrationName(f)?.version)
    .filter((v): v is string => v !== undefined)
    .sort()
    .at(-1);
  if (newest && newest >= candidate) {
    const d = new Date(
      `${newest.slice(0, 4)}-${newest.slice(4, 6)}-${newest.slice(6, 8)}T${newest.slice(8, 10)}:${newest.slice(10, 12)}:${newest.slice(12, 14)}Z`,
    );
    candidate = versionFor(new Date(d.getTime() + 1000));
  }
  return candidate;
}
