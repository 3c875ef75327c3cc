import { DihyaError, reasonOf } from '../errors/dihya-error.ts';

/** Where the CLI writes; tests pass their own. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
};

/** What a command returns: a JSON body for --json and lines for people. */
export interface CommandResult {
  json: Record<string, unknown>;
  text: string[];
}

/** Prints a command's result in the chosen format. */
export function printResult(io: CliIo, command: string, result: CommandResult, json: boolean): void {
  if (json) io.out(JSON.stringify({ ok: true, command, ...result.json }, null, 2));
  else for (const line of result.text) io.out(line);
}

/**
 * Prints an error with its hint and returns the exit code: 2 for bad input, 1 for a failed run.
 * Errors that are not DihyaError are unexpected and exit with 1.
 */
export function printError(io: CliIo, command: string, error: unknown, json: boolean): number {
  const known = error instanceof DihyaError;
  const code = known ? error.code : 'INTERNAL';
  const message = known ? error.message : `unexpected error: ${reasonOf(error)}`;
  const hint = known ? error.hint : 'This is a bug in dihya-migrate; please report it with the command you ran.';
  const exitCode = known ? error.exitCode : 1;
  if (json) io.out(JSON.stringify({ ok: false, command, error: { code, message, hint, exitCode } }, null, 2));
  else {
    io.err(`error [${code}]: ${message}`);
    io.err(`  hint: ${hint}`);
  }
  return exitCode;
}
