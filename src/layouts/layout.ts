import type { MigrationFile } from '../migrations/discover.ts';

/**
 * The migration layouts dihya-migrate reads as they are: its own (`YYYYMMDDHHMMSS_slug.sql|ts`,
 * dbmate's `-- migrate:up` files too), golang-migrate (`000001_name.up.sql` + `.down.sql`),
 * Flyway (`V1.2__desc.sql`, `U1.2__desc.sql`, `R__desc.sql`), Prisma (`<timestamp>_<name>/migration.sql`)
 * and Sqitch (`sqitch.plan` with `deploy/`, `revert/`, `verify/`).
 *
 * @example
 * const layout: LayoutName = 'flyway'
 */
export type LayoutName = 'dihya' | 'golang-migrate' | 'flyway' | 'prisma' | 'sqitch';

/** Every layout name, in the order detection tries them last to first (own layout when nothing else matches). */
export const LAYOUT_NAMES: readonly LayoutName[] = ['dihya', 'golang-migrate', 'flyway', 'prisma', 'sqitch'];

/**
 * One layout's reader: the contract every file of `src/layouts/` implements.
 *
 * @example
 * const reader: LayoutReader = flywayLayout
 * if (reader.detect(dir)) console.log(reader.read(dir).map((m) => m.version))
 */
export interface LayoutReader {
  name: LayoutName;
  /** True when the folder looks written for this layout (used when the config sets no `layout`). */
  detect(dir: string): boolean;
  /**
   * The migrations of the folder, oldest first in the layout's own version order; a file the
   * layout cannot name, or two migrations with one version, is refused (LAYOUT_FILE_INVALID,
   * MIGRATION_DUPLICATE).
   */
  read(dir: string): MigrationFile[];
}
