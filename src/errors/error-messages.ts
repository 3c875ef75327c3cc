import { auditErrors } from './codes/audit.ts';
import { backfillErrors } from './codes/backfill.ts';
import { backupErrors } from './codes/backup.ts';
import { dwebErrors } from './codes/dweb.ts';
import { hooksErrors } from './codes/hooks.ts';
import { layoutsErrors } from './codes/layouts.ts';
import { inputErrors } from './codes/input.ts';
import { migrationFilesErrors } from './codes/migration-files.ts';
import { monitorErrors } from './codes/monitor.ts';
import { privacyErrors } from './codes/privacy.ts';
import { rehearseErrors } from './codes/rehearse.ts';
import { runErrors } from './codes/run.ts';
import type { ErrorText } from './error-text.ts';

/**
 * English text of every error dihya-migrate raises: a message and a hint per code, grouped by
 * domain in `codes/`. The CLI renders the same codes in French from the same `details`.
 */
export const errorMessages = {
  ...inputErrors,
  ...migrationFilesErrors,
  ...runErrors,
  ...backupErrors,
  ...auditErrors,
  ...dwebErrors,
  ...monitorErrors,
  ...privacyErrors,
  ...hooksErrors,
  ...layoutsErrors,
  ...rehearseErrors,
  ...backfillErrors,
};

/** Every error code. */
export type ErrorCode = keyof typeof errorMessages;

/**
 * The details an error of code `C` carries.
 *
 * @example
 * const d: DetailsOf<'LOCK_HELD'> = { holder: 'postgres session 42', waitedMs: 60000 }
 */
export type DetailsOf<C extends ErrorCode> = (typeof errorMessages)[C] extends ErrorText<infer D> ? D : never;

/** Details of any code, as a loose record (for code that handles every error alike). */
export type Details = Record<string, string | number | undefined>;
