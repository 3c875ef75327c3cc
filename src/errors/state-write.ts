import path from 'node:path';
import { DihyaError } from './dihya-error.ts';

/** File-system error codes that mean the state dir cannot be written (full, read-only, not ours). */
const WRITE_FAILURES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM']);

/**
 * The STATE_WRITE_FAILED error for a file-system error that says a file could not be written
 * (disk full, read-only or not writable), naming the migrations that committed before it when
 * known (`committed`); undefined for any other error.
 *
 * @example
 * const known = stateWriteError(error, run.committed.map((c) => c.name), config.cwd)
 * if (known) throw known
 */
export function stateWriteError(error: unknown, committed?: string[], relativeTo?: string): DihyaError<'STATE_WRITE_FAILED'> | undefined {
  if (error instanceof DihyaError || !(error instanceof Error)) return undefined;
  const { code, path: file } = error as NodeJS.ErrnoException;
  if (code === undefined || !WRITE_FAILURES.has(code)) return undefined;
  const shown = file === undefined ? 'a file of the state dir' : relativeTo === undefined ? file : path.relative(relativeTo, file) || file;
  return new DihyaError('STATE_WRITE_FAILED', { file: shown, code, ...(committed === undefined ? {} : { committed }) }, { cause: error });
}

/**
 * `error` with the file it is about, when the system left it out (a failed `write` names no
 * path), so STATE_WRITE_FAILED can name it.
 *
 * @example
 * try { appendFileSync(file, line) } catch (error) { throw naming(error, file) }
 */
export function naming(error: unknown, file: string): unknown {
  if (error instanceof Error && (error as NodeJS.ErrnoException).code !== undefined && (error as NodeJS.ErrnoException).path === undefined) {
    (error as NodeJS.ErrnoException).path = file;
  }
  return error;
}
