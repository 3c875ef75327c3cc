import type { SessionState } from '../../session-state.ts';

/** Connection-level pragmas a migration may set that change how later statements behave (each reads back as one value). */
const PRAGMAS = [
  'foreign_keys',
  'recursive_triggers',
  'legacy_alter_table',
  'ignore_check_constraints',
  'reverse_unordered_selects',
  'query_only',
  'automatic_index',
];

/**
 * SQLite: reads the connection-level pragmas before the migration's first `PRAGMA x = …` and sets
 * back those it changed (dihya-migrate uses one connection per database file).
 *
 * @example
 * const restore = await sqliteSessionState.capture(connection) // before `pragma recursive_triggers = on`
 * await restore(connection)                                    // `pragma recursive_triggers = 0`
 */
export const sqliteSessionState: SessionState = {
  async capture(connection) {
    const read = async (on: typeof connection) => {
      const values = new Map<string, string>();
      for (const pragma of PRAGMAS) {
        const row = (await on.query<Record<string, unknown>>(`pragma ${pragma}`))[0];
        if (row) values.set(pragma, String(Object.values(row)[0]));
      }
      return values;
    };
    const before = await read(connection);
    return async (c) => {
      for (const [pragma, value] of await read(c)) {
        if (before.has(pragma) && before.get(pragma) !== value && /^-?\d+$/.test(before.get(pragma)!))
          await c.query(`pragma ${pragma} = ${before.get(pragma)}`);
      }
    };
  },
};
