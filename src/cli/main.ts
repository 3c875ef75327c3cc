import { Command, CommanderError, Option } from 'commander';
import { DihyaError } from '../errors/dihya-error.ts';
import { VERSION } from '../version.ts';
import { usageError } from './commander-usage.ts';
import type { GlobalOptions } from './global-options.ts';
import { COMMAND_GROUPS } from './registry/command-list.ts';
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
    .option('--pushgateway <url>', h.pushgateway)
    .option('--metrics-file <file>', h.metricsFile)
    .option('--json', h.json)
    .option('--lang <en|fr>', h.lang)
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()), outputError: () => undefined });

  const globals = (): GlobalOptions => {
    const o = program.opts();
    json = Boolean(o.json);
    return {
      cwd,
      config: o.config,
      url: o.url,
      migrations: o.migrations,
      json,
      lockTimeout: o.lockTimeout,
      pushgateway: o.pushgateway,
      metricsFile: o.metricsFile,
      command: commandName,
      m,
    };
  };
  const action =
    <A extends unknown[]>(name: string, run: (...args: A) => Promise<CommandResult>) =>
    async (...args: A) => {
      commandName = name;
      const result = await run(...args);
      exitCode = printResult(io, name, result, json, language);
    };

  for (const register of COMMAND_GROUPS) register({ program, m, io, globals, action });

  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync(argv, { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.exitCode === 0) return 0;
      exitCode = printError(io, commandName, usageError(error), json, language);
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
  if (!Number.isInteger(n) || n < 0) throw new DihyaError('USAGE', { usage: 'whole-number', option: '--lock-timeout <ms>', min: 0, value });
  return n;
}
