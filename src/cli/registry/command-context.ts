import type { Command } from 'commander';
import type { GlobalOptions } from '../global-options.ts';
import type { Messages } from '../i18n/messages-en.ts';
import type { CliIo, CommandResult } from '../output.ts';

/**
 * What a group of commands needs to register itself on the program: the help texts, the global
 * options, the output, and `action` to wrap a command so its result is printed (text or --json).
 * Command implementations are loaded only when their command runs, so starting the CLI stays fast.
 *
 * @example
 * export const registerStatusCommands: RegisterCommands = ({ program, m, action, globals }) => {
 *   program.command('status').description(m.help.status).action(action('status', async () => (await import('../commands/status.ts')).statusCommand(globals())))
 * }
 */
export interface CommandContext {
  program: Command;
  m: Messages;
  io: CliIo;
  globals: () => GlobalOptions;
  action: <A extends unknown[]>(name: string, run: (...args: A) => Promise<CommandResult>) => (...args: A) => Promise<void>;
}

/** Registers a group of commands (see CommandContext). */
export type RegisterCommands = (context: CommandContext) => void;
