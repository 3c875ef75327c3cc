import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/database/connect.ts';
import { readMigrations } from '../../src/layouts/read-layout.ts';
import { splitSqlStatements } from '../../src/sql/split-sql.ts';
import { cli } from '../helpers/cli.ts';
import { DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { query, schemaOf } from '../helpers/tables.ts';
import { generatedHistory } from './generated-history.ts';
import { layoutsDatabase, writeTree } from './layout-fixtures.ts';

// `npm test` applies 60 per layout; `npm run test:history` the 300 the adoption issue asks for.
const COUNT = Number(process.env.DIHYA_LAYOUTS_HISTORY ?? 60);

describe.each(DIALECTS.filter((d) => d !== 'mysql'))(`a generated history of ${COUNT} migrations per layout on %s`, (dialect) => {
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

  it.each(['flyway', 'golang-migrate'] as const)(
    `${dialect}: %s is applied, reverted and re-applied, ending as applying the files directly`,
    async (layout) => {
      const migrations = path.join(project, 'migrations');
      writeTree(migrations, generatedHistory(layout, COUNT, dialect));
      const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project);
      const up = await run('up');
      expect(up.code, up.stdout.slice(0, 2000)).toBe(0);
      expect(up.json.applied).toHaveLength(COUNT);
      const down = await run('down', '--steps', String(COUNT));
      expect(down.code, down.stdout.slice(0, 2000)).toBe(0);
      expect((await run('up')).json.applied).toHaveLength(COUNT);

      // the same files, one session, statement by statement: what the server's own client would do
      const target = await connect(direct.url);
      try {
        for (const file of readMigrations(migrations)) {
          for (const statement of splitSqlStatements(file.parts!.up.text, dialect)) await sql.raw(statement.sql).execute(target.db);
        }
      } finally {
        await target.close();
      }
      const own = [
        'dihya_migrations',
        'dihya_migrations_lock',
        'dihya_audit',
        'dihya_migrations_schema',
        'dihya_migrations_erasures',
        'dihya_migrations_backfills',
      ];
      const tablesOf = async (url: string) => {
        const snapshot = await schemaOf(url);
        return Object.fromEntries(Object.entries(snapshot.tables).filter(([name]) => !own.includes(name)));
      };
      expect(await tablesOf(db.url)).toEqual(await tablesOf(direct.url));
      expect(await query(db.url, 'select id, v from items order by id')).toEqual(await query(direct.url, 'select id, v from items order by id'));
    },
  );
});
