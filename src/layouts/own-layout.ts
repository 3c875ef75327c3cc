import { existsSync, readdirSync } from 'node:fs';
import { discoverMigrations } from '../migrations/discover.ts';
import { parseMigrationName } from '../migrations/naming.ts';
import type { LayoutReader } from './layout.ts';

/**
 * This tool's own layout: `YYYYMMDDHHMMSS_slug.sql` (sections `-- migrate:up` / `-- migrate:down`,
 * as dbmate writes them too) and `YYYYMMDDHHMMSS_slug.ts`.
 *
 * @example
 * ownLayout.read('migrations').map((m) => m.name) // ['20261127061249_add_email']
 */
export const ownLayout: LayoutReader = {
  name: 'dihya',
  detect: (dir) => existsSync(dir) && readdirSync(dir).some((entry) => parseMigrationName(entry) !== undefined),
  read: (dir) => discoverMigrations(dir),
};
