import type { ErrorText } from './error-text.ts';
import { errorMessages, type DetailsOf, type ErrorCode } from './error-messages.ts';

/**
 * The one error type dihya-migrate throws on purpose: a stable `code`, a message, a `hint` telling
 * what to do, the process exit code the CLI should use, and `details` typed per code.
 *
 * @example
 * try { await migrator.up() } catch (e) {
 *   if (e instanceof DihyaError && e.code === 'LOCK_HELD') console.error(e.hint)
 * }
 */
export class DihyaError<C extends ErrorCode = ErrorCode> extends Error {
  readonly code: C;
  readonly hint: string;
  readonly exitCode: 1 | 2;
  readonly details: DetailsOf<C>;

  constructor(
    code: C,
    ...[details, options]: Record<string, never> extends DetailsOf<C>
      ? [details?: DetailsOf<C>, options?: { cause?: unknown }]
      : [details: DetailsOf<C>, options?: { cause?: unknown }]
  ) {
    const text = errorMessages[code] as ErrorText<DetailsOf<C>>;
    const d = (details ?? {}) as DetailsOf<C>;
    super(text.message(d), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'DihyaError';
    this.code = code;
    this.hint = text.hint(d);
    this.exitCode = text.exitCode;
    this.details = d;
  }

  /**
   * A copy of this error with some details replaced (same code and cause), e.g. the outcome of a
   * failed step once its backup was restored.
   *
   * @example
   * error.with({ outcome: 'restored', backup: manifest.id })
   */
  with(details: Partial<DetailsOf<C>>): DihyaError<C> {
    const Self = DihyaError as unknown as new (code: C, details: DetailsOf<C>, options: { cause?: unknown }) => DihyaError<C>;
    return new Self(this.code, { ...(this.details as object), ...(details as object) } as DetailsOf<C>, { cause: this.cause });
  }

  /**
   * True when `error` is a DihyaError of that code (and narrows its details).
   *
   * @example
   * if (DihyaError.is(error, 'MIGRATION_FAILED')) console.log(error.details.outcome)
   */
  static is<K extends ErrorCode>(error: unknown, code: K): error is DihyaError<K> {
    return error instanceof DihyaError && error.code === code;
  }
}

/** The message of any thrown value, without its stack; a value that is not an Error is described, not printed as `[object Object]`. */
export function reasonOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (error === undefined || error === null) return String(error);
  try {
    const json = JSON.stringify(error);
    if (json !== undefined && json !== '{}') return `a thrown ${typeof error}: ${json.slice(0, 200)}`;
  } catch {
    // not serializable: fall through
  }
  return `a thrown ${typeof error} that is not an Error`;
}
