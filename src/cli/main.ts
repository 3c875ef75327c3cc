import { Command, CommanderError, Option } from 'commander';
import { DihyaError } from '../errors/dihya-error.ts';
import { VERSION } from '../version.ts';
import { demoCommand } from './commands/demo.ts';
import { downCommand } from './commands/down.ts';
import { initCommand } from './commands/init.ts';
import { newCommand } from './commands/new.ts';
import { planCommand } from './commands/plan.ts';
import { resolveCommand } from './commands/resolve.ts';
import { statusCommand } from './commands/status.ts';
import { upCommand } from './commands/up.ts';
import { validateCommand } from './commands/validate.ts';
import type { GlobalOptions } from './global-options.ts';
import { printError, printResult, processIo, type CliIo, type CommandResult } from './output.ts';

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code:
 * 0 success, 1 the run failed, 2 bad input (usage, config, URL, migration files, drift).
 *
 * @example
 * const code = await runCli(['status', '--json'], { cwd: process.cwd() })
 */
export async function runCli(argv: string[], options: { cwd?: string; io?: CliIo } = {}): Promise<number> {
  const io = options.io ?? processIo;
  const cwd = options.cwd ?? process.cwd();
  let commandName = argv.find((a) => !a.startsWith('-')) ?? '';
  let json = argv.includes('--json');
  let exitCode = 0;

  const program = new Command('dihya-migrate')
    .description('Safe-by-construction custom database migrations for PostgreSQL, MariaDB/MySQL and SQLite.')
    .version(VERSION)
    .option('-c, --config <file>', 'config file (default: dihya.config.ts|js|json in the current folder)')
    .option('-u, --url <url>', 'database URL, overrides the config and DIHYA_URL')
    .option('-m, --migrations <dir>', 'migrations folder, overrides the config')
    .addOption(new Option('--lock-timeout <ms>', 'how long to wait for another run, in ms').argParser(parseMs))
    .option('--json', 'print one JSON document instead of text')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => undefined });

  const globals = (): GlobalOptions => {
    const o = program.opts();
    json = Boolean(o.json);
    return { cwd, config: o.config, url: o.url, migrations: o.migrations, json, lockTimeout: o.lockTimeout };
  };
  const action =
    <A extends unknown[]>(name: string, run: (...args: A) => Promise<CommandResult>) =>
    async (...args: A) => {
      commandName = name;
      const result = await run(...args);
      printResult(io, name, result, json);
    };

  program.command('init').description('create dihya.config.ts and the migrations folder').action(action('init', () => initCommand(globals())));
  program
    .command('new <slug>')
    .description('create a migration file named YYYYMMDDHHMMSS_<slug>.ts (or .sql)')
    .option('--sql', 'write an SQL migration instead of TypeScript')
    .action(action('new', (slug: string, o: { sql?: boolean }) => newCommand(globals(), slug, o)));
  program.command('status').description('list migrations with their state and any drift').action(action('status', () => statusCommand(globals())));
  program
    .command('plan')
    .description('dry run: show the SQL that `up` would send, change nothing')
    .option('--to <version>', 'stop after this version')
    .action(action('plan', (o: { to?: string }) => planCommand(globals(), o)));
  program
    .command('up')
    .description('apply pending migrations')
    .option('--to <version>', 'stop after this version')
    .option('--dry-run', 'same as `plan`')
    .option('--out-of-order', 'also apply pending migrations older than the last applied one')
    .action(
      action('up', (o: { to?: string; dryRun?: boolean; outOfOrder?: boolean }) => {
        const g = { ...globals(), outOfOrder: Boolean(o.outOfOrder) };
        return o.dryRun ? planCommand(g, o) : upCommand(g, o, io);
      }),
    );
  program
    .command('down')
    .description('revert the last applied migration (or --steps N, or all after --to)')
    .option('--steps <n>', 'how many migrations to revert')
    .option('--to <version>', 'revert every migration applied after this version')
    .action(action('down', (o: { steps?: string; to?: string }) => downCommand(globals(), o, io)));
  program
    .command('validate')
    .description('check every migration file and the history, change nothing; non-zero exit on any problem')
    .action(action('validate', () => validateCommand(globals())));
  program
    .command('resolve <version>')
    .description('settle a migration a crash left half-done outside a transaction')
    .option('--applied', 'it did complete: mark it applied')
    .option('--rolled-back', 'it left nothing behind (or you undid it): forget it')
    .action(action('resolve', (version: string, o: { applied?: boolean; rolledBack?: boolean }) => resolveCommand(globals(), version, o)));
  program
    .command('demo')
    .description('run the whole workflow on a throw-away SQLite database in .dihya/demo')
    .action(action('demo', () => demoCommand(globals(), io)));

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      const reason = error.message.replace(/^error: /, '');
      exitCode = printError(io, commandName, new DihyaError('USAGE', { reason }), json);
    } else {
      exitCode = printError(io, commandName, error, json);
    }
  }
  return exitCode;
}

function parseMs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new DihyaError('USAGE', { reason: `--lock-timeout must be a whole number of ms, got "${value}"` });
  return n;
}
