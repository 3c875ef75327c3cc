import type { AlertKind } from '../../config/sections/monitor.ts';

/**
 * Something a person should know about, sent to the configured webhooks. It says what happened
 * with names, codes and counts only: never a value of the data, never a database error message
 * (which may quote one).
 *
 * @example
 * const alert: Alert = { kind: 'failure', severity: 'critical', title: 'Migration 20261127061249_add_email failed', details: ['code MIGRATION_FAILED'], command: 'up', at: new Date().toISOString() }
 */
export interface Alert {
  kind: AlertKind;
  /** For `anomaly` alerts: which anomaly (`slow-migration`, `long-lock-wait`…). */
  anomaly?: string;
  severity: 'critical' | 'warning';
  /** One line, e.g. `Migration 20261127061249_add_email failed`. */
  title: string;
  /** More lines: the error code, what happened to the changes, counts, the window… */
  details: string[];
  command: string;
  run?: string;
  migration?: { version: string; name: string };
  code?: string;
  at: string;
}

/** Where an alert comes from, added to every payload. */
export interface AlertContext {
  /** The database URL without credentials. */
  target: string;
  dialect: string;
  actor: string;
  host: string;
}

/** Codes whose failure is about something more specific than a failed run. */
const KIND_BY_CODE: Record<string, AlertKind> = {
  AUDIT_BROKEN: 'audit-tamper',
  AUDIT_TAMPERED: 'audit-tamper',
  DRIFT_EDITED: 'file-drift',
  DRIFT_MISSING: 'file-drift',
  DRIFT_RENAMED: 'file-drift',
  INTERRUPTED: 'interrupted',
};

/**
 * The alert kind of a failure with this error code: `audit-tamper`, `file-drift`, `interrupted`,
 * else `failure`.
 *
 * @example
 * alertKindOf('DRIFT_EDITED') // 'file-drift'
 */
export function alertKindOf(code: string): AlertKind {
  return KIND_BY_CODE[code] ?? 'failure';
}

/** The alert kind a failed `check` raises for each failed check (none for pending migrations or a stale backup: Prometheus rules watch those). */
export const KIND_BY_CHECK: Record<string, AlertKind | undefined> = {
  drift: 'file-drift',
  interrupted: 'interrupted',
  schema: 'schema-drift',
  audit: 'audit-tamper',
};
