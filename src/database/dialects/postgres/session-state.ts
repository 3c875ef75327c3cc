import type { SessionState } from '../../session-state.ts';

/**
 * PostgreSQL: a session goes back to the settings it started with (its connection options, the
 * role's and database's defaults) by RESET; SET ROLE and SET SESSION AUTHORIZATION are not part
 * of RESET ALL and are reset on their own; prepared statements are deallocated. Nothing needs to
 * be read first. Inside a transaction this takes effect at once, for the runner's own statements
 * that follow (history row, audit), and is kept by the commit.
 *
 * @example
 * const restore = await postgresSessionState.capture(connection)
 * await restore(connection) // RESET SESSION AUTHORIZATION; RESET ROLE; RESET ALL; DEALLOCATE ALL
 */
export const postgresSessionState: SessionState = {
  capture: async () => async (connection) => {
    await connection.query('reset session authorization');
    await connection.query('reset role');
    await connection.query('reset all');
    await connection.query('deallocate all');
  },
};
