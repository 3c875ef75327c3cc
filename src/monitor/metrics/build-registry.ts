import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import { labelsOf, type MetricsState } from './metrics-state.ts';

/** Histogram buckets of a migration's duration, seconds: from a trivial change to an hour-long backfill. */
const MIGRATION_BUCKETS = [0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];
/** Histogram buckets of a backup's duration, seconds. */
const BACKUP_BUCKETS = [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600];

/** What labels every metric carries, and whether the last-success timestamp is included. */
export interface RegistryOptions {
  /** The database, credential-free (its target key), and its dialect. */
  target: string;
  dialect: string;
  /** False for a push after a failed run: the Pushgateway keeps the last success pushed before (its docs' advice for batch jobs). */
  includeLastSuccess: boolean;
}

/**
 * The Prometheus metrics of one database, named as Prometheus advises: `dihya_` prefix, base
 * units (`_seconds`, `_bytes`), `_total` for counters, and only bounded labels (direction,
 * outcome, kind, command, state): never a migration's version or name, never a value of the data.
 *
 * @example
 * const registry = buildRegistry(state, { target: 'postgres-db-5432-shop', dialect: 'postgres', includeLastSuccess: true })
 * const text = await registry.metrics()
 */
export function buildRegistry(state: MetricsState, options: RegistryOptions): Registry {
  const registers = [new Registry()];
  const registry = registers[0]!;
  registry.setDefaultLabels({ target: options.target, dialect: options.dialect });

  const durations = new Histogram({
    name: 'dihya_migration_duration_seconds',
    help: 'How long each migration took, by direction (up, down), over the whole audit log.',
    labelNames: ['direction'],
    buckets: MIGRATION_BUCKETS,
    registers,
  });
  for (const direction of ['up', 'down']) durations.zero({ direction });
  for (const o of state.migrationDurations) durations.observe(o.labels, o.seconds);

  new Counter({ name: 'dihya_migrations_applied_total', help: 'Migrations applied.', registers }).inc(state.migrationsApplied);
  new Counter({ name: 'dihya_migrations_reverted_total', help: 'Migrations reverted (down).', registers }).inc(state.migrationsReverted);
  const failed = new Counter({
    name: 'dihya_migrations_failed_total',
    help: 'Migrations that failed, by direction and outcome (rolled-back, restored, partial).',
    labelNames: ['direction', 'outcome'],
    registers,
  });
  for (const outcome of ['rolled-back', 'restored', 'partial']) failed.inc({ direction: 'up', outcome }, 0);
  for (const [key, n] of state.migrationsFailed) {
    const [direction, outcome] = labelsOf(key);
    failed.inc({ direction: direction!, outcome: outcome! }, n);
  }

  new Counter({ name: 'dihya_backups_total', help: 'Backups taken.', registers }).inc(state.backups);
  const backupDurations = new Histogram({ name: 'dihya_backup_duration_seconds', help: 'How long each backup took.', buckets: BACKUP_BUCKETS, registers });
  for (const seconds of state.backupDurations) backupDurations.observe(seconds);
  if (state.lastBackup) {
    new Gauge({ name: 'dihya_backup_last_size_bytes', help: 'Size of the newest backup.', registers }).set(state.lastBackup.bytes);
    new Gauge({ name: 'dihya_backup_last_timestamp_seconds', help: 'When the newest backup was taken (its age: time() minus this).', registers }).set(
      state.lastBackup.at,
    );
  }
  if (state.lastVerifiedBackupAt !== undefined) {
    new Gauge({
      name: 'dihya_backup_last_verified_timestamp_seconds',
      help: 'When a backup was last proven by restoring it into a scratch database.',
      registers,
    }).set(state.lastVerifiedBackupAt);
  }
  const restores = new Counter({
    name: 'dihya_restores_total',
    help: 'Restores of a backup, by kind (manual, automatic) and result (identical, differs, failed).',
    labelNames: ['kind', 'result'],
    registers,
  });
  for (const kind of ['manual', 'automatic']) restores.inc({ kind, result: 'identical' }, 0);
  for (const [key, n] of state.restores) {
    const [kind, result] = labelsOf(key);
    restores.inc({ kind: kind!, result: result! }, n);
  }

  if (state.lockWaitSeconds !== undefined) {
    new Gauge({ name: 'dihya_lock_wait_seconds', help: 'How long the last run waited for the migration lock.', registers }).set(state.lockWaitSeconds);
  }
  if (state.audit) {
    new Gauge({
      name: 'dihya_audit_chain_valid',
      help: '1 when every audit entry, the hash chain and the database mirror agree; 0 when tampered.',
      registers,
    }).set(state.audit.valid ? 1 : 0);
    new Gauge({ name: 'dihya_audit_entries', help: 'Entries in the audit log.', registers }).set(state.audit.entries);
  }
  if (state.pending !== undefined) new Gauge({ name: 'dihya_migrations_pending', help: 'Migrations not applied yet.', registers }).set(state.pending);
  if (state.drifted) {
    const drifted = new Gauge({
      name: 'dihya_migrations_drifted',
      help: 'Applied migrations whose file changed, by state (edited, missing, renamed, out-of-order).',
      labelNames: ['state'],
      registers,
    });
    for (const [stateName, n] of Object.entries(state.drifted)) drifted.set({ state: stateName }, n);
  }
  if (state.interrupted !== undefined) {
    new Gauge({ name: 'dihya_migrations_interrupted', help: 'Migrations a crash left half-done (see `dihya-migrate resolve`).', registers }).set(
      state.interrupted,
    );
  }
  if (state.schemaDrift !== undefined) {
    new Gauge({
      name: 'dihya_schema_drift',
      help: '1 when the live schema differs from the one the last run recorded (a change made by hand).',
      registers,
    }).set(state.schemaDrift);
  }

  const lastRun = new Gauge({ name: 'dihya_last_run_timestamp_seconds', help: 'When a run of this command last ended.', labelNames: ['command'], registers });
  const lastOk = new Gauge({
    name: 'dihya_last_run_success',
    help: '1 when the last run of this command succeeded, 0 when it failed.',
    labelNames: ['command'],
    registers,
  });
  const lastSuccess = options.includeLastSuccess
    ? new Gauge({ name: 'dihya_last_success_timestamp_seconds', help: 'When a run of this command last succeeded.', labelNames: ['command'], registers })
    : undefined;
  for (const [command, runs] of state.runs) {
    if (runs.lastRunAt !== undefined) lastRun.set({ command }, runs.lastRunAt);
    if (runs.lastRunOk !== undefined) lastOk.set({ command }, runs.lastRunOk ? 1 : 0);
    if (runs.lastSuccessAt !== undefined) lastSuccess?.set({ command }, runs.lastSuccessAt);
  }

  const counted = (name: string, help: string, labelNames: string[], counts: Map<string, number>) => {
    const counter = new Counter({ name, help, labelNames, registers });
    for (const [key, n] of counts) counter.inc(Object.fromEntries(labelsOf(key).map((v, i) => [labelNames[i]!, v])), n);
  };
  counted(
    'dihya_commands_total',
    'Commands run on this database (the access log), by command and outcome (ok, failed).',
    ['command', 'outcome'],
    state.commands,
  );
  counted('dihya_alerts_total', 'Alerts sent to webhooks, by alert kind and result (delivered, failed).', ['alert', 'result'], state.alerts);
  counted('dihya_anomalies_total', 'Anomalies seen during runs, by kind.', ['kind'], state.anomalies);
  return registry;
}
