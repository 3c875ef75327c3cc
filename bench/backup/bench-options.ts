import { parseArgs } from 'node:util';

export interface BackupBenchOptions {
  /** Size the benchmark database is built to, in MiB as pg_database_size counts it (default 1024). */
  sizeMb: number;
  /** Timed runs per tool; median, min and max are reported (default 3). */
  runs: number;
  /** Drop and rebuild the database even when one of the right size is already there. */
  rebuild: boolean;
  /** postgres (default: pg_dump -Fc), sqlite (sqlite3 .backup) or mysql (mariadb-dump): see peer-bench.ts. */
  dialect: 'postgres' | 'sqlite' | 'mysql';
  /** PostgreSQL: dihya-migrate's `backup.pgDumpCompression` (gzip level 0-9); absent: pg_dump's default, as the peer. */
  pgCompression?: number;
}

/** What `--help` and a bad command line print. */
export const USAGE = 'usage: node bench/backup/run.ts [--dialect postgres|sqlite|mysql] [--size-mb N] [--runs N] [--rebuild] [--pg-compression 0-9]';

/** The smallest database worth generating: an empty PostgreSQL database is already about 8 MiB. */
const MIN_SIZE_MB = 16;

/**
 * Reads `--size-mb N`, `--runs N` and `--rebuild` from the command line; throws on anything else.
 *
 * @example
 * readBackupBenchOptions(['--size-mb', '50', '--runs', '1']) // { sizeMb: 50, runs: 1, rebuild: false, dialect: 'postgres' }
 */
export function readBackupBenchOptions(args: string[]): BackupBenchOptions {
  const { values, positionals } = parseArgsOrThrow(args);
  if (positionals.length > 0) throw new Error(`unexpected argument "${positionals[0]}"`);
  const sizeMb = positiveInteger('--size-mb', values['size-mb']);
  if (sizeMb < MIN_SIZE_MB) throw new Error(`--size-mb must be at least ${MIN_SIZE_MB}, got ${sizeMb}`);
  const dialect = values.dialect;
  if (dialect !== 'postgres' && dialect !== 'sqlite' && dialect !== 'mysql') throw new Error(`--dialect must be postgres, sqlite or mysql, got "${dialect}"`);
  const level = values['pg-compression'];
  if (level !== undefined && !/^[0-9]$/.test(level)) throw new Error(`--pg-compression must be a gzip level from 0 to 9, got "${level}"`);
  return {
    sizeMb,
    runs: positiveInteger('--runs', values.runs),
    rebuild: values.rebuild,
    dialect,
    ...(level === undefined ? {} : { pgCompression: Number(level) }),
  };
}

/** node:util parseArgs with short messages for unknown options and missing values. */
function parseArgsOrThrow(args: string[]) {
  try {
    return parseArgs({
      args,
      options: {
        'size-mb': { type: 'string', default: '1024' },
        runs: { type: 'string', default: '3' },
        rebuild: { type: 'boolean', default: false },
        dialect: { type: 'string', default: 'postgres' },
        'pg-compression': { type: 'string' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    const { code, message } = error as { code?: string; message: string };
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new Error(`unknown option ${/'([^']+)'/.exec(message)?.[1] ?? ''}`.trim(), { cause: error });
    throw new Error(message.split('. ')[0], { cause: error });
  }
}

function positiveInteger(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(value) || value < 1) throw new Error(`${flag} must be a positive integer, got "${text}"`);
  return value;
}
