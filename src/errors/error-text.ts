/**
 * The English text of one error code: a message and a hint built from the error's details, and
 * the exit code the CLI uses. `D` is the shape of the details that code carries.
 *
 * @example
 * const text: ErrorText<{ file: string }> = input((d) => `${d.file} already exists`, () => 'Choose another name.')
 */
export interface ErrorText<D> {
  message: (d: D) => string;
  hint: (d: D) => string;
  /** 2 = the input must be fixed (config, URL, files, drift); 1 = the run failed. */
  exitCode: 1 | 2;
}

/**
 * An error about input the user must fix (exit code 2).
 *
 * @example
 * FILE_EXISTS: input<{ file: string }>((d) => `${d.file} already exists`, () => 'Choose another name.')
 */
export function input<D = Record<string, never>>(message: (d: D) => string, hint: (d: D) => string): ErrorText<D> {
  return { message, hint, exitCode: 2 };
}

/**
 * An error of a run that failed (exit code 1).
 *
 * @example
 * LOCK_LOST: runtime<{ holder: string }>((d) => `The lock was taken over by ${d.holder}`, () => 'Run again.')
 */
export function runtime<D = Record<string, never>>(message: (d: D) => string, hint: (d: D) => string): ErrorText<D> {
  return { message, hint, exitCode: 1 };
}
