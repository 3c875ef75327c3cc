import { parseArgs } from 'node:util';
import type { BenchDialect } from './bench-database.ts';
import type { MigrationKind } from './migration-names.ts';

export interface BenchOptions {
  /** Migrations per run (default 1000 on SQLite, 200 on the servers). */
  count: number;
  /** Runs per tool; the median is reported (default 3). */
  runs: number;
  /** Tool names to run (`--only knex`, repeatable); empty means all. */
  only: string[];
  /** `--dialect sqlite|postgres|mysql` (default sqlite). */
  dialect: BenchDialect;
  /** `--big-table-mb N`: a table of N MB that no migration touches, seeded before each run (default 0: none). */
  bigTableMb: number;
  /** `--statements`: also print the most frequent statement shapes of each tool's last run. */
  statements: boolean;
  /** `--migrations create|alter` (default create): each migration creates its table, or adds a column to a small table holding rows. */
  kind: MigrationKind;
  /** `--baseline DIR`: also run the dihya-migrate of that checkout (e.g. a worktree of main), to compare versions in one run. */
  baseline?: string;
}

const DIALECTS: BenchDialect[] = ['sqlite', 'postgres', 'mysql'];

/**
 * Reads `--count N`, `--runs N`, `--only TOOL`, `--dialect D`, `--big-table-mb N`,
 * `--migrations create|alter` and `--statements` from the command line.
 *
 * @example
 * readBenchOptions(['--count', '50']) // { count: 50, runs: 3, only: [], dialect: 'sqlite', bigTableMb: 0, statements: false, kind: 'create' }
 */
export function readBenchOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      count: { type: 'string' },
      runs: { type: 'string', default: '3' },
      only: { type: 'string', multiple: true, default: [] },
      dialect: { type: 'string', default: 'sqlite' },
      'big-table-mb': { type: 'string', default: '0' },
      statements: { type: 'boolean', default: false },
      migrations: { type: 'string', default: 'create' },
      baseline: { type: 'string' },
    },
    strict: true,
  });
  const dialect = values.dialect as BenchDialect;
  if (!DIALECTS.includes(dialect)) throw new Error(`--dialect must be one of ${DIALECTS.join(', ')}, got "${values.dialect}"`);
  if (values.migrations !== 'create' && values.migrations !== 'alter') throw new Error(`--migrations must be create or alter, got "${values.migrations}"`);
  const bigTableMb = Number(values['big-table-mb']);
  if (!Number.isInteger(bigTableMb) || bigTableMb < 0) throw new Error(`--big-table-mb must be a whole number of MB, got "${values['big-table-mb']}"`);
  return {
    count: positiveInteger('--count', values.count ?? (dialect === 'sqlite' ? '1000' : '200')),
    runs: positiveInteger('--runs', values.runs),
    only: values.only,
    dialect,
    bigTableMb,
    statements: values.statements,
    kind: values.migrations,
    ...(values.baseline ? { baseline: values.baseline } : {}),
  };
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer, got "${text}"`);
  return value;
}
