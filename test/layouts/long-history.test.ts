import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { generatedHistory, HISTORY_LAYOUTS } from './generated-history.ts';
import { layoutsDatabase, writeTree } from './layout-fixtures.ts';
import { applyWithClient, databaseContents } from './real-client.ts';

// `npm test` runs 10 per layout (every kind of step once: a few seconds per layout and dialect);
// `npm run test:history` the 300 the adoption issue asks for.
const COUNT = Number(process.env.DIHYA_LAYOUTS_HISTORY ?? 10);

const OWN = ['dihya_migrations', 'dihya_migrations_lock', 'dihya_audit', 'dihya_migrations_schema', 'dihya_migrations_erasures', 'dihya_migrations_backfills'];

describe.each(DIALECTS)(`a generated history of ${COUNT} migrations per layout on %s`, (dialect) => {
  let db: ScratchDatabase;
  let direct: ScratchDatabase;
  let project: string;
  beforeEach(async () => {
    db = await layoutsDatabase(dialect);
    direct = await layoutsDatabase(dialect);
    project = mkdtempSync(path.join(os.tmpdir(), 'dihya-layouts-long-'));
  });
  afterEach(async () => {
    rmSync(project, { recursive: true, force: true });
    await db.drop();
    await direct.drop();
  });

  it.each(HISTORY_LAYOUTS)(
    `${dialect}: %s is applied, reverted and re-applied, ending as the server's own client applying the same files in one session`,
    { timeout: Math.max(60_000, COUNT * 4_000) },
    async (layout) => {
      const migrations = path.join(project, 'migrations');
      const { files, upScripts } = generatedHistory(layout, COUNT, dialect);
      writeTree(migrations, files);
      const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project);
      const up = await run('up');
      expect(up.code, up.stdout.slice(0, 3000)).toBe(0);
      expect(up.json.applied).toHaveLength(COUNT);
      if (layout === 'prisma') {
        // Prisma writes no down: reverting is refused, nothing touched
        const down = await run('down');
        expect(down.json.error.code).toBe('NO_DOWN');
      } else {
        const down = await run('down', '--steps', String(COUNT));
        expect(down.code, down.stdout.slice(0, 3000)).toBe(0);
        expect((await databaseContents(db.url, OWN)).schema).toEqual({ tables: {}, views: {} });
        const again = await run('up');
        expect(again.code, again.stdout.slice(0, 3000)).toBe(0);
        expect(again.json.applied).toHaveLength(COUNT);
      }
      applyWithClient(dialect, direct.url, upScripts);
      const migrated = await databaseContents(db.url, OWN);
      expect(migrated.rows.items!.length).toBeGreaterThanOrEqual(2);
      expect(migrated.routines.length).toBeGreaterThan(0);
      expect(migrated).toEqual(await databaseContents(direct.url, OWN));
    },
  );
});
