import type { StatementConnection } from './target.ts';

/**
 * Puts a session back as it was when its state was captured (see Target.captureSession), on the
 * same connection.
 *
 * @example
 * const restore: SessionRestore = async (connection) => void (await connection.query('reset all'))
 */
export type SessionRestore = (connection: StatementConnection) => Promise<void>;

/**
 * How a dialect saves and puts back a session's state: called on the connection a migration runs
 * on, before its first statement that may change that state; the restore runs once the migration
 * is done, before dihya-migrate's own statements.
 *
 * @example
 * const state: SessionState = { capture: async () => async (c) => void (await c.query('reset all')) }
 */
export interface SessionState {
  capture(connection: StatementConnection): Promise<SessionRestore>;
}
