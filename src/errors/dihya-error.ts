import { errorMessages, type Details, type ErrorCode } from './error-messages.ts';

/**
 * The one error type dihya-migrate throws on purpose: a stable `code`, a message,
 * a `hint` telling what to do, and the process exit code the CLI should use.
 *
 * @example
 * try { await migrator.up() } catch (e) {
 *   if (e instanceof DihyaError && e.code === 'LOCK_HELD') console.error(e.hint)
 * }
 */
export class DihyaError extends Error {
  readonly code: ErrorCode;
  readonly hint: string;
  readonly exitCode: 1 | 2;
  readonly details: Details;

  constructor(code: ErrorCode, details: Details = {}, options: { cause?: unknown } = {}) {
    const text = errorMessages[code];
    super(text.message(details), options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DihyaError';
    this.code = code;
    this.hint = text.hint(details);
    this.exitCode = text.exitCode;
    this.details = details;
  }
}

/** The message of any thrown value, without its stack. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}
