import type { AuditEntry } from './audit-line.ts';
import type { AuditProblem } from './verify-chain.ts';

/**
 * What the cross-check reads of a schema history row (the history's own rows fit it). Declared
 * here so that the audit stays below the migrations that write it.
 */
export interface HistoryRow {
  version: string;
  name: string;
  status: string;
  applied_at: string;
}

/** A migration the audit says is applied: by which entry. */
export interface AuditedMigration {
  version: string;
  name: string;
  seq: number;
}

/** The migrations the audit says are applied, and whether it can tell for the others. */
export interface AuditedState {
  applied: Map<string, AuditedMigration>;
  /** Versions the audit says are not applied. */
  notApplied: Set<string>;
  /** False after a restore of a backup the audit does not know: only versions named since are known. */
  complete: boolean;
}

/**
 * Replays the audit to find which migrations it says are applied: `migration.applied` and
 * `migration.resolved … applied` add one; `migration.reverted` and `migration.resolved …
 * rolled-back` remove it; a whole-database `restore.manual` puts back what was applied when that
 * backup was taken (its `backup.created` entry, or the restore before that made it the safety
 * backup). Step restores and `migration.undone` leave the history as before the step.
 *
 * @example
 * appliedByAudit(audit.entries()).applied.has('20260101000000') // true
 */
export function appliedByAudit(entries: AuditEntry[]): AuditedState {
  let state: AuditedState = { applied: new Map(), notApplied: new Set(), complete: true };
  const atBackup = new Map<string, AuditedState>();
  const copy = (s: AuditedState): AuditedState => ({ applied: new Map(s.applied), notApplied: new Set(s.notApplied), complete: s.complete });
  const set = (entry: AuditEntry, applied: boolean) => {
    const version = String(entry.version);
    if (applied) {
      state.applied.set(version, { version, name: String(entry.name), seq: entry.seq });
      state.notApplied.delete(version);
    } else {
      state.applied.delete(version);
      state.notApplied.add(version);
    }
  };
  for (const entry of entries) {
    if (entry.event === 'migration.applied') set(entry, true);
    else if (entry.event === 'migration.reverted') set(entry, false);
    else if (entry.event === 'migration.resolved') set(entry, entry.outcome === 'applied');
    else if (entry.event === 'backup.created' && entry.scope === undefined) atBackup.set(String(entry.id), copy(state));
    else if (entry.event === 'restore.manual') {
      atBackup.set(String(entry.safetyBackup), copy(state));
      const restored = atBackup.get(String(entry.id));
      state = restored ? copy(restored) : { applied: new Map(), notApplied: new Set(), complete: false };
    }
  }
  return state;
}

/**
 * Compares the history with the audit: every applied row has its entry, no applied entry lacks its
 * row (a removed row makes `up` apply the migration again), and an empty or restarted audit where
 * history exists is named. Rows left `running`/`failed` by an interrupted run are not compared
 * (`status` reports them). Problems about a migration carry its `version`.
 *
 * @example
 * crossCheckHistory(audit.entries(), await history.read())
 * // [{ seq: 3, version: '20260101000000', reason: 'records 20260101000000_create_notes as applied, but …' }]
 */
export function crossCheckHistory(entries: AuditEntry[], rows: HistoryRow[]): AuditProblem[] {
  const audited = appliedByAudit(entries);
  const unsettled = new Set(rows.filter((r) => r.status !== 'applied').map((r) => r.version));
  const appliedRows = rows.filter((r) => r.status === 'applied');
  const problems: AuditProblem[] = [];
  const withoutEntry = appliedRows.filter((r) => !audited.applied.has(r.version) && (audited.complete || audited.notApplied.has(r.version)));
  if (appliedRows.length > 0 && entries.length === 0) {
    problems.push({
      seq: 0,
      reason: `the audit is empty, but the history holds ${appliedRows.length} applied migration(s): the audit file and its mirror were wiped`,
    });
  } else if (withoutEntry.length > 0 && entries[0]) {
    const earliest = withoutEntry.map((r) => r.applied_at).sort()[0]!;
    if (earliest < entries[0].ts) {
      problems.push({
        seq: 0,
        reason: `it starts at ${entries[0].ts} (entry ${entries[0].seq}), after migrations of the history were applied (from ${earliest}): it was wiped and started again`,
      });
    }
  }
  for (const row of withoutEntry) {
    problems.push({
      seq: 0,
      version: row.version,
      reason: `the history row of ${row.name} (applied ${row.applied_at}) has no migration.applied entry in the audit`,
    });
  }
  const rowVersions = new Set(appliedRows.map((r) => r.version));
  for (const migration of missingRows(audited, rowVersions, unsettled)) {
    problems.push({
      seq: migration.seq,
      version: migration.version,
      reason: `records ${migration.name} as applied, but the history has no row for it (a history row was removed: \`up\` would apply it again)`,
    });
  }
  return problems;
}

/**
 * The migrations the audit says are applied that have no history row (none left `running` or
 * `failed` either): what `up` would apply a second time.
 *
 * @example
 * missingFromHistory(audit.entries(), rows).map((m) => m.version) // ['20260101000000']
 */
export function missingFromHistory(entries: AuditEntry[], rows: HistoryRow[]): AuditedMigration[] {
  const versions = new Set(rows.map((r) => r.version));
  return missingRows(appliedByAudit(entries), versions, new Set());
}

function missingRows(audited: AuditedState, rowVersions: Set<string>, unsettled: Set<string>): AuditedMigration[] {
  return [...audited.applied.values()].filter((m) => !rowVersions.has(m.version) && !unsettled.has(m.version));
}
