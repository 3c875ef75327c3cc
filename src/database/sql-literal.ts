/**
 * A string as an SQL literal: single quotes doubled, and on MySQL/MariaDB (`backslashes`) backslashes
 * doubled too. For names the runner itself puts in catalog queries, never for user data.
 *
 * @example
 * sqlLiteral("o'brien")            // "'o''brien'"
 * sqlLiteral('a\\b', true)           // "'a\\\\b'"
 */
export function sqlLiteral(value: string, backslashes = false): string {
  const text = backslashes ? value.replace(/\\/g, '\\\\') : value;
  return `'${text.replace(/'/g, "''")}'`;
}
