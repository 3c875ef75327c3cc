/** Thrown in place of exiting when a migration calls `process.exit()`. */
export class MigrationCalledExit extends Error {
  constructor(code: unknown) {
    super(`the migration called process.exit(${code === undefined ? '' : JSON.stringify(code)}); a migration must return or throw, never end the process`);
  }
}

/**
 * Runs a migration's code with `process.exit` replaced by a function that throws, so a migration
 * that calls it fails like any other (rolled back or restored, audited) instead of ending the run
 * with exit code 0 and nothing recorded. The real `process.exit` is put back afterwards.
 *
 * @example
 * await guardProcessExit(() => definition.up(ctx))
 */
export async function guardProcessExit<T>(work: () => Promise<T>): Promise<T> {
  const descriptor = Object.getOwnPropertyDescriptor(process, 'exit')!;
  process.exit = (code?: unknown) => {
    throw new MigrationCalledExit(code);
  };
  try {
    return await work();
  } finally {
    Object.defineProperty(process, 'exit', descriptor);
  }
}
