import { DatabaseSync } from 'node:sqlite';

/**
 * Checks, after a run, that the database holds exactly `count` benchmark tables (`t_NNNN`)
 * and `count` rows in the tool's history table; throws otherwise, so a run that silently
 * did less work never makes it into the results.
 *
 * @example
 * verifyDatabase('/tmp/x/bench.db', 'knex_migrations', 1000, 'knex')
 */
export function verifyDatabase(dbFile: string, historyTable: string, count: number, tool: string): void {
  const db = new DatabaseSync(dbFile, { readOnly: true });
  try {
    const tables = db.prepare(`select count(*) as n from sqlite_master where type = 'table' and name glob 't_[0-9]*'`).get() as { n: number };
    const history = db.prepare(`select count(*) as n from "${historyTable}"`).get() as { n: number };
    if (tables.n !== count || history.n !== count) {
      throw new Error(`${tool}: expected ${count} tables and ${count} rows in ${historyTable}, found ${tables.n} tables and ${history.n} rows`);
    }
  } finally {
    db.close();
  }
}
