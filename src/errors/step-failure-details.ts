/**
 * What happened to the changes of a migration that failed:
 * - `rolled-back`: its transaction rolled back, nothing of it was kept;
 * - `restored`: it had changed what cannot roll back, and the backup taken before it was restored;
 * - `partial`: part of it may be kept (it ran outside a transaction and nothing was restored).
 *
 * @example
 * const outcome: ChangesOutcome = 'rolled-back'
 */
export type ChangesOutcome = 'rolled-back' | 'restored' | 'partial';

/**
 * The details every failed-step error carries (MIGRATION_FAILED, VERIFY_FAILED, VALIDATION_FAILED…).
 *
 * @example
 * new DihyaError('MIGRATION_FAILED', { name: '20261127061249_add_email', reason: 'syntax error', outcome: 'rolled-back' })
 */
export interface StepFailureDetails {
  name: string;
  reason: string;
  outcome: ChangesOutcome;
  /** The backup restored (`restored`) or to restore by hand (`partial`). */
  backup?: string;
  /** Tables the restore put back, when it was limited to the tables the migration touched. */
  restoredTables?: string;
  /** Tables among those that also received writes from other sessions while the migration ran (those writes were undone). */
  overwritten?: string;
}

/**
 * The end of a failed step's hint: what happened to its changes, then what to do next.
 *
 * @example
 * outcomeHint({ name: 'x', reason: 'y', outcome: 'rolled-back' }, 'Fix the migration and run again.')
 */
export function outcomeHint(d: StepFailureDetails, next: string): string {
  if (d.outcome === 'rolled-back') return `Nothing of it was kept (the transaction was rolled back). ${next}`;
  if (d.outcome === 'restored') {
    const lost = d.overwritten ? ` Other sessions also wrote to ${d.overwritten} meanwhile: those writes were undone by the restore.` : '';
    const what = d.restoredTables && !d.restoredTables.includes('(whole database)') ? `The tables it touched (${d.restoredTables}) were` : 'The database was';
    return `${what} restored from backup ${d.backup} and are identical to before the migration; every other table was left as it is.${lost} ${next}`;
  }
  const restore = d.backup ? ` The backup taken before it is ${d.backup}.` : '';
  return `It ran outside a transaction, so part of it may be kept. Check the database before running again.${restore} ${next}`;
}
