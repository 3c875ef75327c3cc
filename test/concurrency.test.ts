import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startCli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

/** Each migration logs itself into `applied_log`; a migration applied twice would leave two rows. */
function loggingMigration(n: number): string {
  return `export default {
  description: 'migration ${n}',
  async up({ db, sql, dialect }) {
    ${n === 1 ? "await db.schema.createTable('applied_log').addColumn('n', 'integer', (c) => c.notNull()).execute();" : ''}
    await db.insertInto('applied_log').values({ n: ${n} }).execute();
    // Take a moment so the four processes really overlap.
    if (dialect === 'postgres') await sql\`select pg_sleep(0.1)\`.execute(db);
    else if (dialect === 'mysql') await sql\`select sleep(0.1)\`.execute(db);
    else await new Promise((r) => setTimeout(r, 100));
  },
};
`;
}

describe.each(DIALECTS)('four concurrent `up` runs on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    const files: Record<string, string> = {};
    for (let n = 1; n <= 6; n++) files[`2026010100000${n}_step_${n}.ts`] = loggingMigration(n);
    project = createProject(files);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('apply every migration exactly once', async () => {
    const runs = Array.from({ length: 4 }, () => startCli(['up', '--url', db.url, '--json'], { cwd: project.dir }).done);
    const results = await Promise.all(runs);
    for (const r of results) expect(r.code, r.stdout + r.stderr).toBe(0);
    const appliedCounts = results.map((r) => JSON.parse(r.stdout).applied.length);
    expect(appliedCounts.reduce((a, b) => a + b, 0)).toBe(6);

    const log = await query<{ n: number }>(db.url, 'select n from applied_log order by n');
    expect(log.map((r) => Number(r.n))).toEqual([1, 2, 3, 4, 5, 6]);
    const history = await query<{ version: string }>(db.url, 'select version from dihya_migrations');
    expect(history).toHaveLength(6);
  });
});
