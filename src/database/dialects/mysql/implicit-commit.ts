import { stripLeadingComments } from '../../../sql/split-sql.ts';

/** Statements after which MySQL/MariaDB commit on their own (the DDL and administration ones). */
const IMPLICIT_COMMIT =
  /^(create|alter|drop|rename|truncate|grant|revoke|lock\s|unlock\s|analyze|optimize|repair|flush|install|uninstall|cache\s+index|load\s+index|set\s+password)\b/i;

/**
 * True when MySQL/MariaDB would commit the open transaction because of this statement,
 * so nothing before it can roll back any more.
 *
 * @example
 * commitsImplicitly('ALTER TABLE t ADD c INT') // true
 * commitsImplicitly('UPDATE t SET c = 1')      // false
 */
export function commitsImplicitly(sql: string): boolean {
  return IMPLICIT_COMMIT.test(stripLeadingComments(sql));
}
