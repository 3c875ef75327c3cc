import type { AuditEntry } from '../../audit/audit-line.ts';

/** One observation of a duration, for a histogram. */
export interface Observation {
  seconds: number;
  labels: Record<string, string>;
}

/** How a command last ended, for the `command` label. */
export interface CommandRuns {
  lastRunAt?: number;
  lastRunOk?: boolean;
  lastSuccessAt?: number;
}

/**
 * Everything the metrics report about one database, in base units (seconds, bytes), before it
 * becomes a Prometheus registry. Counters are cumulative over the database's whole audit log, so
 * they never go down between runs whichever way they are exported.
 *
 * @example
 * const state = stateFromAudit(audit.entries())
 * state.migrationsApplied // 12
 */
export interface MetricsState {
  migrationDurations: Observation[];
  migrationsApplied: number;
  migrationsReverted: number;
  /** By `direction` and `outcome` (rolled-back, restored, partial). */
  migrationsFailed: Map<string, number>;
  backups: number;
  backupDurations: number[];
  lastBackup?: { at: number; bytes: number };
  lastVerifiedBackupAt?: number;
  /** By `kind` (manual, automatic) and `result` (identical, differs, failed). */
  restores: Map<string, number>;
  /** By run command (up, down, backup, restore, resolve, backup.verify). */
  runs: Map<string, CommandRuns>;
  /** By CLI command and outcome (ok, failed). */
  commands: Map<string, number>;
  /** By alert kind and result (delivered, failed). */
  alerts: Map<string, number>;
  /** By anomaly kind. */
  anomalies: Map<string, number>;
  /** Live state, when read. */
  pending?: number;
  drifted?: Record<'edited' | 'missing' | 'renamed' | 'out-of-order', number>;
  interrupted?: number;
  /** 1 when the live schema differs from the one the last run recorded; undefined when unknown. */
  schemaDrift?: 0 | 1;
  audit?: { valid: boolean; entries: number };
  /** This run's wait for the migration lock (runs only). */
  lockWaitSeconds?: number;
}

/** Joins label values into a map key (and back with {@link labelsOf}). */
export function labelKey(...values: string[]): string {
  return values.join('\u0000');
}

/** The label values of a {@link labelKey}. */
export function labelsOf(key: string): string[] {
  return key.split('\u0000');
}

/** The anomaly kinds that get their own label value; anything else is counted as `other` (bounded cardinality). */
const KNOWN_ANOMALIES = new Set(['slow-migration', 'slower-than-rehearsal', 'rows-changed', 'long-lock-wait', 'actor-not-allowed', 'outside-change-window']);
const RUN_COMMANDS = new Set(['up', 'down', 'backup', 'restore', 'resolve', 'backup.verify']);
/** CLI commands that are runs of the same name (a no-op `up` takes no lock but is a successful run). */
const ACCESS_RUNS = new Set(['up', 'down']);

/**
 * Counts what the audit log says happened to the database: migrations applied, reverted and failed
 * (with durations), backups, restores, runs per command, commands, alerts and anomalies.
 *
 * @example
 * const state = stateFromAudit(migrator.safety.audit.entries())
 */
export function stateFromAudit(entries: AuditEntry[]): MetricsState {
  const state: MetricsState = {
    migrationDurations: [],
    migrationsApplied: 0,
    migrationsReverted: 0,
    migrationsFailed: new Map(),
    backups: 0,
    backupDurations: [],
    restores: new Map(),
    runs: new Map(),
    commands: new Map(),
    alerts: new Map(),
    anomalies: new Map(),
  };
  const add = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  const run = (command: string, at: number, ok: boolean) => {
    const runs = state.runs.get(command) ?? {};
    if (runs.lastRunAt === undefined || at >= runs.lastRunAt) Object.assign(runs, { lastRunAt: at, lastRunOk: ok });
    if (ok && (runs.lastSuccessAt === undefined || at >= runs.lastSuccessAt)) runs.lastSuccessAt = at;
    state.runs.set(command, runs);
  };
  for (const entry of entries) {
    const at = Date.parse(entry.ts) / 1000;
    const text = (key: string) => (typeof entry[key] === 'string' ? entry[key] : '');
    const seconds = (key: string) => Number(entry[key] ?? 0) / 1000;
    switch (entry.event) {
      case 'migration.applied':
        state.migrationsApplied++;
        state.migrationDurations.push({ seconds: seconds('durationMs'), labels: { direction: 'up' } });
        break;
      case 'migration.reverted':
        state.migrationsReverted++;
        state.migrationDurations.push({ seconds: seconds('durationMs'), labels: { direction: 'down' } });
        break;
      case 'migration.failed':
        add(state.migrationsFailed, labelKey(text('direction') || 'up', text('outcome') || 'partial'));
        break;
      case 'backup.created':
        state.backups++;
        state.backupDurations.push(seconds('durationMs'));
        state.lastBackup = { at, bytes: Number(entry.bytes ?? 0) };
        if (text('verified').startsWith('restored')) state.lastVerifiedBackupAt = at;
        break;
      case 'backup.verified':
        if (entry.identical === true) state.lastVerifiedBackupAt = at;
        break;
      case 'restore.manual':
      case 'restore.automatic': {
        const result = entry.identical === true ? 'identical' : entry.reason !== undefined ? 'failed' : 'differs';
        add(state.restores, labelKey(entry.event === 'restore.manual' ? 'manual' : 'automatic', result));
        break;
      }
      case 'run.end':
      case 'run.failed':
        if (RUN_COMMANDS.has(text('command'))) run(text('command'), at, entry.event === 'run.end');
        break;
      case 'access':
        add(state.commands, labelKey(text('command'), entry.outcome === 'ok' ? 'ok' : 'failed'));
        if (ACCESS_RUNS.has(text('command'))) run(text('command'), entry.deferred ? Date.parse(text('deferred')) / 1000 : at, entry.outcome === 'ok');
        break;
      case 'alert.delivered':
      case 'alert.failed':
        add(state.alerts, labelKey(text('alert'), entry.event === 'alert.delivered' ? 'delivered' : 'failed'));
        break;
      case 'anomaly':
        add(state.anomalies, KNOWN_ANOMALIES.has(text('kind')) ? text('kind') : 'other');
        break;
      default:
        break;
    }
  }
  return state;
}
