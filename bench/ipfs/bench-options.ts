import { parseArgs } from 'node:util';

export interface IpfsBenchOptions {
  /** Total size of the migration files, in MiB (default 100). */
  sizeMb: number;
  /** How many files the size is spread over (default 100). */
  files: number;
  /** Timed runs per tool; median, min and max are reported (default 3). */
  runs: number;
}

/** What `--help` and a bad command line print. */
export const USAGE = 'usage: node bench/ipfs/run.ts [--size-mb N] [--files N] [--runs N]';

/**
 * Reads `--size-mb N`, `--files N` and `--runs N`; throws on anything else.
 *
 * @example
 * readIpfsBenchOptions(['--size-mb', '10', '--runs', '1']) // { sizeMb: 10, files: 100, runs: 1 }
 */
export function readIpfsBenchOptions(args: string[]): IpfsBenchOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      options: { 'size-mb': { type: 'string', default: '100' }, files: { type: 'string', default: '100' }, runs: { type: 'string', default: '3' } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new Error((error as Error).message.split('\n')[0], { cause: error });
  }
  if (parsed.positionals.length > 0) throw new Error(`unexpected argument "${parsed.positionals[0]}"`);
  return {
    sizeMb: positive('--size-mb', parsed.values['size-mb']),
    files: positive('--files', parsed.values.files),
    runs: positive('--runs', parsed.values.runs),
  };
}

function positive(name: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a whole number >= 1, got "${value}"`);
  return n;
}
