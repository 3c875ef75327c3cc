import { DihyaError } from '../errors/dihya-error.ts';
import type { AuditProblem } from './verify-chain.ts';

/**
 * One problem as one line: where (entry and file line, the migration, or the audit as a whole) and why.
 *
 * @example
 * describeAuditProblem({ seq: 3, fileLine: 3, reason: 'hash does not match the content' }, 'audit-sqlite-app.jsonl')
 * // 'entry 3 (line 3 of audit-sqlite-app.jsonl) hash does not match the content'
 */
export function describeAuditProblem(problem: AuditProblem, file: string): string {
  if (problem.seq > 0) return `entry ${problem.seq}${problem.fileLine ? ` (line ${problem.fileLine} of ${file})` : ''} ${problem.reason}`;
  return `${problem.version ? `migration ${problem.version}` : 'the audit'}: ${problem.reason}`;
}

/**
 * AUDIT_TAMPERED listing every problem, one per line (never "and N more").
 *
 * @example
 * if (report.problems.length > 0) throw auditTampered(report.problems, 'audit-sqlite-app.jsonl')
 */
export function auditTampered(problems: AuditProblem[], file: string): DihyaError<'AUDIT_TAMPERED'> {
  return new DihyaError('AUDIT_TAMPERED', { file, count: problems.length, problems: problems.map((p) => `  - ${describeAuditProblem(p, file)}`).join('\n') });
}
