import { existsSync } from 'node:fs';
import path from 'node:path';
import type { LayoutName } from './layout.ts';
import { detectLayout, readMigrations } from './read-layout.ts';

/** Files a layout reads beside the migrations' own scripts (the plan, Prisma's lock file, Sqitch's config). */
const SHARED_FILES: Record<LayoutName, readonly string[]> = {
  dihya: [],
  'golang-migrate': [],
  flyway: [],
  prisma: ['migration_lock.toml'],
  sqitch: ['sqitch.plan', 'sqitch.conf'],
};

/**
 * Every file of a migrations folder its layout reads, relative to the folder, `/`-separated: the
 * layout's shared files first (`sqitch.plan`, `migration_lock.toml`), then each migration's
 * scripts in version order (up, down, verify, and a Flyway script's `.sql.conf`). What a bundle
 * exports and what its verification compares.
 *
 * @example
 * layoutSourceFiles('db', 'sqitch') // ['sqitch.plan', 'deploy/users.sql', 'revert/users.sql', 'verify/users.sql']
 * layoutSourceFiles('migrations')   // ['20261127061249_add_email.sql']
 */
export function layoutSourceFiles(dir: string, configured?: LayoutName): string[] {
  const layout = detectLayout(dir, configured);
  const files = new Set<string>(SHARED_FILES[layout].filter((name) => existsSync(path.join(dir, name))));
  for (const migration of readMigrations(dir, layout)) {
    const parts = migration.parts ? (['up', 'down', 'verify'] as const).flatMap((role) => migration.parts![role]?.fileName ?? []) : [];
    if (parts.length === 0) parts.push(path.relative(dir, migration.file));
    for (const part of parts) {
      files.add(part.split(path.sep).join('/'));
      if (layout === 'flyway' && existsSync(path.join(dir, `${part}.conf`))) files.add(`${part}.conf`);
    }
  }
  return [...files];
}
