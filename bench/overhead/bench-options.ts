import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Migrations per run (default 1000). */
  count: number;
  /** Runs per tool; the median is reported (default 3). */
  runs: number;
  /** Tool names to run (`--only knex`, repeatable); empty means all. */
  only: string[];
}

/**
 * Reads `--count N`, `--runs N` and `--only TOOL` from the command line.
 *
 * @example
 * readBenchOptions(['--count', '50']) // { count: 50, runs: 3, only: [] }
 */
export function readBenchOptions(args: string[]): BenchOptions {
  const { values } = parseArgs({
    args,
    options: {
      count: { type: 'string', default: '1000' },
      runs: { type: 'string', default: '3' },
      only: { type: 'string', multiple: true, default: [] },
    },
    strict: true,
  });
  return { count: positiveInteger('--count', values.count), runs: positiveInteger('--runs', values.runs), only: values.only };
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer, got "${text}"`);
  return value;
}
