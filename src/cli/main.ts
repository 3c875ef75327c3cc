import { Command, CommanderError, Option } from 'commander';
import { DihyaError } from '../errors/dihya-error.ts';
import { VERSION } from '../version.ts';
import { auditShowCommand, auditVerifyCommand } from './commands/audit.ts';
import { backupCreateCommand, backupListCommand, backupRestoreCommand, backupVerifyCommand } from './commands/backup.ts';
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
import { messagesFor, pickLanguage, type Language } from './i18n/language.ts';
import { printError, printResult, processIo, redactingIo, type CliIo, type CommandResult } from './output.ts';

/**
 * Runs the CLI with `argv` (without `node` and the script) and returns the exit code:
 * 0 success, 1 the run failed, 2 bad input (usage, config, URL, migration files, drift).
 *
 * @example
 * const code = await runCli(['status', '--json'], { cwd: process.cwd() })
 */
export async function runCli(argv: string[], options: { cwd?: string; io?: CliIo; env?: NodeJS.ProcessEnv } = {}): Promise<number> {
  const io = redactingIo(options.io ?? processIo);
  const cwd = options.cwd ?? process.cwd();
  let commandName = argv.find((a) => !a.startsWith('-')) ?? '';
  let json = argv.includes('--json');
  let language: Language;
  try {
    language = pickLanguage(langFlag(argv), options.env ?? process.env);
  } catch (error) {
    return printError(io, commandName, error, json);
  }
  const m = messagesFor(language);
  const h = m.help;
  let exitCode = 0;

  const program = new Command('dihya-migrate')
    .description(h.program)
    .version(VERSION)
    .option('-c, --config <file>', h.config)
    .option('-u, --url <url>', h.url)
    .option('-m, --migrations <dir>', h.migrations)
    .addOption(new Option('--lock-timeout <ms>', h.lockTimeout).argParser(parseMs))
    .option('--json', h.json)
    .option('--lang <en|fr>', h.lang)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => undefined });

  const globals = (): GlobalOptions => {
    const o = program.opts();
    json = Boolean(o.json);
    return { cwd, config: o.config, url: o.url, migrations: o.migrations, json, lockTimeout: o.lockTimeout, m };
  };
  const action =
    <A extends unknown[]>(name: string, run: (...args: A) => Promise<CommandResult>) =>
    async (...args: A) => {
      commandName = name;
      const result = await run(...args);
      printResult(io, name, result, json);
    };

  program
    .command('init')
    .description(h.init)
    .action(action('init', () => initCommand(globals())));
  program
    .command('new <slug>')
    .description(h.new)
    .option('--sql', h.newSql)
    .action(action('new', (slug: string, o: { sql?: boolean }) => newCommand(globals(), slug, o)));
  program
    .command('status')
    .description(h.status)
    .action(action('status', () => statusCommand(globals())));
  program
    .command('plan')
    .description(h.plan)
    .option('--to <version>', h.to)
    .action(action('plan', (o: { to?: string }) => planCommand(globals(), o)));
  program
    .command('up')
    .description(h.up)
    .option('--to <version>', h.to)
    .option('--dry-run', h.dryRun)
    .option('--out-of-order', h.outOfOrder)
    .option('--atomic', h.atomic)
    .action(
      action('up', (o: { to?: string; dryRun?: boolean; outOfOrder?: boolean; atomic?: boolean }) => {
        const g = { ...globals(), outOfOrder: Boolean(o.outOfOrder) };
        return o.dryRun ? planCommand(g, o) : upCommand(g, o, io);
      }),
    );
  program
    .command('down')
    .description(h.down)
    .option('--steps <n>', h.steps)
    .option('--to <version>', h.downTo)
    .action(action('down', (o: { steps?: string; to?: string }) => downCommand(globals(), o, io)));
  program
    .command('validate')
    .description(h.validate)
    .action(action('validate', () => validateCommand(globals())));
  program
    .command('resolve <version>')
    .description(h.resolve)
    .option('--applied', h.applied)
    .option('--rolled-back', h.rolledBack)
    .action(action('resolve', (version: string, o: { applied?: boolean; rolledBack?: boolean }) => resolveCommand(globals(), version, o)));
  const backup = program.command('backup').description(h.backup);
  backup
    .command('list')
    .description(h.backupList)
    .action(action('backup list', () => backupListCommand(globals())));
  backup
    .command('create')
    .description(h.backupCreate)
    .option('--reason <text>', h.reason)
    .action(action('backup create', (o: { reason?: string }) => backupCreateCommand(globals(), o)));
  backup
    .command('verify [id]')
    .description(h.backupVerify)
    .action(action('backup verify', (id: string | undefined) => backupVerifyCommand(globals(), id)));
  backup
    .command('restore <id>')
    .description(h.backupRestore)
    .option('--yes', h.yes)
    .action(action('backup restore', (id: string, o: { yes?: boolean }) => backupRestoreCommand(globals(), id, o)));
  const audit = program.command('audit').description(h.audit);
  audit
    .command('show')
    .description(h.auditShow)
    .option('--limit <n>', h.limit)
    .action(action('audit show', (o: { limit?: string }) => auditShowCommand(globals(), o)));
  audit
    .command('verify')
    .description(h.auditVerify)
    .action(action('audit verify', () => auditVerifyCommand(globals())));
  program
    .command('demo')
    .description(h.demo)
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
      exitCode = printError(io, commandName, new DihyaError('USAGE', { reason }), json, language);
    } else {
      exitCode = printError(io, commandName, error, json, language);
    }
  }
  return exitCode;
}

/** The value of `--lang x` or `--lang=x`, read before the commands are built (their help is translated). */
function langFlag(argv: string[]): string | undefined {
  const index = argv.findIndex((a) => a === '--lang' || a.startsWith('--lang='));
  if (index === -1) return undefined;
  const arg = argv[index]!;
  return arg.includes('=') ? arg.slice('--lang='.length) : argv[index + 1];
}

function parseMs(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new DihyaError('USAGE', { reason: `--lock-timeout must be a whole number of ms, got "${value}"` });
  return n;
}
