import { cannotRunInTransaction } from '../sql/statement-kinds.ts';
import { schemaTouch } from '../sql/schema-touch.ts';
import type { LintSubject } from './lint-subject.ts';
import type { RawFinding } from './statement-rules.ts';

/**
 * The rules read from the migration's definition: no `down`, and a migration marked
 * non-transactional where the dialect has transactional DDL and no statement needs to run outside
 * a transaction.
 *
 * @example
 * definitionFindings(subject) // [{ rule: 'no-down', message: 'no down' }]
 */
export function definitionFindings(subject: LintSubject): RawFinding[] {
  const found: RawFinding[] = [];
  const { definition } = subject.migration;
  if (!definition.down) found.push({ rule: 'no-down', message: 'no down' });
  if (definition.transactional === false && subject.transactionalDdl) {
    const needsOutside = subject.statements.some((s) => cannotRunInTransaction(s.sql, subject.dialect) !== undefined);
    const ddl = subject.statements.find((s) => schemaTouch(s.sql).kind !== 'none');
    if (!needsOutside && ddl)
      found.push({
        rule: 'non-transactional-ddl',
        ...(ddl.line === undefined ? {} : { line: ddl.line }),
        message: 'DDL outside a transaction, none of it needs to be',
      });
  }
  return found;
}
