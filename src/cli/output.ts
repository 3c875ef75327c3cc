import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import { redactDeep, redactText } from '../privacy/redaction/redact.ts';
import { localizeError, messagesFor, type Language } from './i18n/language.ts';

/** Where the CLI writes; tests pass their own. Every line is redacted before it is written. */
export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  /** Where progress bars are drawn (the terminal's stderr); absent: no progress display. */
  progress?: ProgressStream;
}

/** A stream progress bars can be drawn on: drawn only when `isTTY` is true. */
export type ProgressStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

export const processIo: CliIo = {
  out: (line) => writeUnlessClosed(process.stdout, line),
  err: (line) => writeUnlessClosed(process.stderr, line),
  /** process.stderr, made when first asked for: a command that draws nothing there never opens it. */
  get progress() {
    return process.stderr;
  },
};

const closedStreams = new WeakSet<NodeJS.WriteStream>();
const watchedStreams = new WeakSet<NodeJS.WriteStream>();

/**
 * Writes a line to the process's stdout or stderr, unless the reader went away (`status | head -1`
 * closes the pipe): from the first EPIPE on, that stream's lines are dropped and the command goes
 * on to its end and its own exit code, as `cat` or `git log` do, without a stack trace.
 */
function writeUnlessClosed(stream: NodeJS.WriteStream, line: string): void {
  if (closedStreams.has(stream)) return;
  if (!watchedStreams.has(stream)) {
    watchedStreams.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code !== 'EPIPE') throw error;
      closedStreams.add(stream);
    });
  }
  stream.write(`${line}\n`);
}

/** Wraps an output so that no secret or personal value reaches it. */
export function redactingIo(io: CliIo): CliIo {
  return {
    out: (line) => io.out(redactText(line)),
    err: (line) => io.err(redactText(line)),
    // Read when a progress bar asks for it, not before (see processIo).
    get progress() {
      return io.progress;
    },
  };
}

/** What a command returns: a JSON body for --json and lines for people. */
export interface CommandResult {
  json: Record<string, unknown>;
  text: string[];
  /** A command that ran to its end but found a failure (an unhealthy `check`): printed with its result, and its exit code. */
  failure?: DihyaError;
  /** Lines printed after the failure, last (the one-line summary of a failed run); text mode only. */
  closing?: string[];
}

/** Prints a command's result in the chosen format; returns the exit code (0, or the failure's). */
export function printResult(io: CliIo, command: string, result: CommandResult, json: boolean, language: Language = 'en'): number {
  const failure = result.failure ? { ...localizeError(result.failure, language), code: result.failure.code, exitCode: result.failure.exitCode } : undefined;
  if (json) {
    const error = failure ? { error: { code: failure.code, message: failure.message, hint: failure.hint, exitCode: failure.exitCode } } : {};
    io.out(JSON.stringify(redactDeep({ ok: !failure, command, ...result.json, ...error }), null, 2));
  } else {
    for (const line of result.text) io.out(line);
    if (failure) {
      const labels = messagesFor(language).labels;
      io.err(`${labels.error} [${failure.code}]: ${failure.message}`);
      io.err(`  ${labels.hint}: ${failure.hint}`);
    }
    for (const line of result.closing ?? []) io.err(line);
  }
  return failure?.exitCode ?? 0;
}

/**
 * Prints an error with its hint, in the chosen language, and returns the exit code: 2 for bad
 * input, 1 for a failed run. Errors that are not DihyaError are unexpected and exit with 1.
 */
export function printError(io: CliIo, command: string, error: unknown, json: boolean, language: Language = 'en'): number {
  const known = error instanceof DihyaError;
  const code = known ? error.code : 'INTERNAL';
  const { message, hint } = known
    ? localizeError(error, language)
    : { message: `unexpected error: ${reasonOf(error)}`, hint: 'This is a bug in dihya-migrate; please report it with the command you ran.' };
  const exitCode = known ? error.exitCode : 1;
  if (json) io.out(JSON.stringify(redactDeep({ ok: false, command, error: { code, message, hint, exitCode } }), null, 2));
  else {
    const labels = messagesFor(language).labels;
    io.err(`${labels.error} [${code}]: ${message}`);
    io.err(`  ${labels.hint}: ${hint}`);
  }
  return exitCode;
}
