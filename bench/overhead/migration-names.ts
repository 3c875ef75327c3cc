/** Where the benchmark's migration timestamps start: 2020-01-01 00:00:00 UTC. */
const FIRST_VERSION_MS = Date.UTC(2020, 0, 1, 0, 0, 0);

/** One generated migration: its 14-digit version, file stem, and the table it creates. */
export interface BenchMigration {
  /** `YYYYMMDDHHMMSS`, a real UTC timestamp; consecutive migrations are one second apart. */
  version: string;
  /** File name without extension, e.g. `20200101000001_m0001`. */
  name: string;
  /** The table the migration creates, e.g. `t_0001`. */
  table: string;
  upSql: string;
  downSql: string;
}

/** What each migration does: create its own table `t_NNNN`, or add a column `c_NNNN` to the existing table `small_data`. */
export type MigrationKind = 'create' | 'alter';

/** The table the `alter` migrations change (seeded before each run, with a few rows). */
export const SMALL_TABLE = 'small_data';

/**
 * The `count` migrations every tool applies: migration `i` (from 1) has version
 * 2020-01-01 00:00:00 UTC plus `i` seconds and creates table `t_NNNN` (`create`), or adds
 * column `c_NNNN` to {@link SMALL_TABLE} (`alter`: DDL on a table holding rows, which dihya-migrate
 * backs up first where DDL cannot roll back).
 *
 * @example
 * benchMigrations(2).map((m) => m.name) // ['20200101000001_m0001', '20200101000002_m0002']
 */
export function benchMigrations(count: number, kind: MigrationKind = 'create'): BenchMigration[] {
  const digits = Math.max(4, String(count).length);
  return Array.from({ length: count }, (_, index) => {
    const n = String(index + 1).padStart(digits, '0');
    const version = new Date(FIRST_VERSION_MS + (index + 1) * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    if (kind === 'alter') {
      return {
        version,
        name: `${version}_m${n}`,
        table: SMALL_TABLE,
        upSql: `alter table ${SMALL_TABLE} add column c_${n} integer;`,
        downSql: `alter table ${SMALL_TABLE} drop column c_${n};`,
      };
    }
    const table = `t_${n}`;
    return {
      version,
      name: `${version}_m${n}`,
      table,
      upSql: `create table ${table} (id integer primary key);`,
      downSql: `drop table ${table};`,
    };
  });
}
