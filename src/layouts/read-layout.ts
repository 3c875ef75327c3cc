import { existsSync, statSync } from 'node:fs';
import { DihyaError } from '../errors/dihya-error.ts';
import type { MigrationFile } from '../migrations/discover.ts';
import { flywayLayout } from './flyway-layout.ts';
import { golangMigrateLayout } from './golang-migrate-layout.ts';
import type { LayoutName, LayoutReader } from './layout.ts';
import { ownLayout } from './own-layout.ts';
import { prismaLayout } from './prisma-layout.ts';
import { sqitchLayout } from './sqitch-layout.ts';

/** Every reader by layout name. */
export const LAYOUT_READERS: Record<LayoutName, LayoutReader> = {
  dihya: ownLayout,
  'golang-migrate': golangMigrateLayout,
  flyway: flywayLayout,
  prisma: prismaLayout,
  sqitch: sqitchLayout,
};

/** Detection order: the most specific marks first (a plan file, a lock file), this tool's own layout last. */
const DETECTION_ORDER: readonly LayoutReader[] = [sqitchLayout, prismaLayout, flywayLayout, golangMigrateLayout, ownLayout];

/**
 * The layout of a migrations folder: the one the config names, else the first whose files are
 * there (Sqitch plan, Prisma folders, Flyway `V…__`, golang-migrate `….up.sql`), else this tool's own.
 *
 * @example
 * detectLayout('migrations')           // 'flyway'
 * detectLayout('migrations', 'sqitch') // 'sqitch'
 */
export function detectLayout(dir: string, configured?: LayoutName): LayoutName {
  if (configured) return configured;
  return (DETECTION_ORDER.find((reader) => reader !== ownLayout && reader.detect(dir)) ?? ownLayout).name;
}

/**
 * The migrations of a folder in its layout (see {@link detectLayout}), oldest first in the
 * layout's own version order.
 *
 * @example
 * const files = readMigrations('migrations', undefined)
 * files.map((f) => f.name) // ['V1__init', 'V1.1__users', 'R__views']
 */
export function readMigrations(dir: string, configured?: LayoutName): MigrationFile[] {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new DihyaError('MIGRATIONS_DIR_MISSING', { dir });
  return LAYOUT_READERS[detectLayout(dir, configured)].read(dir);
}
