import { canonicalTableName, SQL_TABLE_NAME } from '../sql/sql-names.ts';
import { maskLiterals } from '../sql/mask-literals.ts';
import { stripLeadingComments } from '../sql/split-sql.ts';
import type { LintRuleId } from './lint-rules.ts';
import type { LintOptions, LintSubject } from './lint-subject.ts';

/** A rule that fired on one statement, before it is turned into a finding. */
export interface RawFinding {
  rule: LintRuleId;
  line?: number;
  message: string;
}

const NAME = SQL_TABLE_NAME;
const DROP_TABLE = new RegExp(String.raw`^drop\s+table\s+(?:if\s+exists\s+)?(${NAME})`, 'i');
const ALTER_TABLE = new RegExp(String.raw`^alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?(${NAME})`, 'i');
const DROP_COLUMN = /\bdrop\s+column\b/i;
const RENAME_TABLE = /\brename\s+to\b/i;
const MYSQL_RENAME_TABLE = new RegExp(String.raw`^rename\s+table\s+(${NAME})`, 'i');
const RENAME_COLUMN = /\brename\s+column\b/i;
const CREATE_INDEX = new RegExp(String.raw`^create\s+(?:unique\s+)?index\s+(concurrently\s+)?[\s\S]*?\bon\s+(?:only\s+)?(${NAME})`, 'i');
const FOREIGN_KEY = /\b(foreign\s+key|references)\b/i;
const NOT_VALID = /\bnot\s+valid\b/i;
const UPDATE_OR_DELETE = /^(update|delete)\b/i;
const WHERE = /\bwhere\b/i;
const ADD_NOT_NULL = /\badd\s+(?:column\s+)?(?:if\s+not\s+exists\s+)?([`"[]?[\w$]+[`"\]]?)[^,]*?\bnot\s+null\b/i;
const DEFAULT = /\bdefault\b/i;

/**
 * The rules read from the statements themselves: drop table / column, renames, UPDATE/DELETE
 * without WHERE, and on PostgreSQL an index built without CONCURRENTLY on a large table and a
 * foreign key added without NOT VALID. Literals and comments are masked first.
 *
 * @example
 * statementFindings(subject, { indexRowThreshold: 100000 }) // [{ rule: 'drop-table', line: 3, message: 'drop table orders' }]
 */
export function statementFindings(subject: LintSubject, options: LintOptions): RawFinding[] {
  const found: RawFinding[] = [];
  for (const statement of subject.statements) {
    const text = stripLeadingComments(maskLiterals(statement.sql, subject.dialect), subject.dialect).trim();
    const at = (rule: LintRuleId, message: string) => found.push({ rule, ...(statement.line === undefined ? {} : { line: statement.line }), message });
    const table = (written: string) => canonicalTableName(written, subject.dialect);

    const dropped = DROP_TABLE.exec(text);
    if (dropped) at('drop-table', `drop table ${table(dropped[1]!)}`);
    const altered = ALTER_TABLE.exec(text);
    if (altered) {
      const name = table(altered[1]!);
      if (DROP_COLUMN.test(text)) at('drop-column', `drop column on ${name}`);
      if (RENAME_COLUMN.test(text)) at('rename-column', `rename column on ${name}`);
      else if (RENAME_TABLE.test(text)) at('rename-table', `rename table ${name}`);
      const notNull = ADD_NOT_NULL.exec(text);
      const rows = subject.rowCounts[name] ?? 0;
      if (notNull && !DEFAULT.test(text) && rows > 0)
        at('not-null-without-default', `${name}.${table(notNull[1]!)} NOT NULL without default, ${rows} row(s) in ${name}`);
      // PostgreSQL-only rules (LINT_RULES[id].dialects) are dropped elsewhere by lintMigrations.
      if (FOREIGN_KEY.test(text) && !NOT_VALID.test(text) && name in subject.rowCounts) {
        at('pg-fk-not-valid', `foreign key added to ${name} without NOT VALID`);
      }
    }
    const renamed = MYSQL_RENAME_TABLE.exec(text);
    if (renamed) at('rename-table', `rename table ${table(renamed[1]!)}`);
    const index = CREATE_INDEX.exec(text);
    if (index && !index[1]) {
      const name = table(index[2]!);
      const rows = subject.rowCounts[name] ?? 0;
      if (rows >= options.indexRowThreshold) at('pg-index-not-concurrent', `index on ${name} (${rows} rows) built without CONCURRENTLY`);
    }
    const dml = UPDATE_OR_DELETE.exec(text);
    if (dml && !WHERE.test(text)) at('update-delete-without-where', `${dml[1]!.toLowerCase()} without WHERE`);
  }
  return found;
}
