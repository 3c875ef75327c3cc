import os from 'node:os';
import type { ResolvedConfig } from '../config/config-schema.ts';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { ChangesOutcome } from '../errors/step-failure-details.ts';
import type { CommandRecord, CommittedStep, FailedStep, PipelineDeps, RunContext, RunSummary } from '../pipeline/run-context.ts';
import type { RunEvent } from '../pipeline/run-events.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';
import { alertKindOf, KIND_BY_CHECK, type Alert, type AlertContext } from './alerts/alert.ts';
import { AlertDispatcher, auditEntryOf, type AlertOutcome } from './alerts/alert-dispatcher.ts';
import { actorAllowed } from './anomalies/allowed-actors.ts';
import { describeChangeWindow, insideChangeWindow } from './anomalies/change-window.ts';
import { stepAnomalies } from './anomalies/step-anomalies.ts';
import { appendEntry, appendOutsideRun, type OutsideRunEntry } from './audit-outside-run.ts';
import { exportMetrics } from './metrics/export-metrics.ts';
import { recordSchema, SCHEMA_CHANGING_COMMANDS } from './schema-record.ts';

/** CLI commands whose failure is a failed run, alerted as such (others alert only for tamper, drift, interruption). */
const JOB_COMMANDS = new Set(['up', 'down', 'resolve', 'backup create', 'backup restore', 'backup verify']);
/** CLI commands that export metrics at their end even when they took no lock (an `up` with nothing to apply). */
const EXPORTING_COMMANDS = new Set(['up', 'down']);

const OUTCOME_TEXT: Record<ChangesOutcome, string> = {
  'rolled-back': 'nothing of it was kept (rolled back)',
  restored: 'the backup taken before it was restored: the database is as it was before the migration',
  partial: 'it may be partly applied: check the database before running again',
};

/**
 * Monitoring as a run extension: watches the run (events, committed and failed steps) for
 * anomalies and failures, alerts the configured webhooks without ever holding the run up, records
 * the schema a run leaves (for `check`), audits anomalies and alert deliveries, and exports the
 * metrics at the end of every run. After every CLI command it records the access log entry.
 *
 * @example
 * const migrator = await Migrator.open({ extensions: [new MonitorExtension(config)] }) // normally added by capabilities.ts
 */
export class MonitorExtension implements RunExtension {
  readonly name = 'monitor';
  readonly #config: ResolvedConfig;
  readonly #alerts: AlertDispatcher | undefined;
  readonly #host = os.hostname();
  #deps: PipelineDeps | undefined;
  #run: RunContext | undefined;
  #lockWaitedMs: number | undefined;
  #anomalies: { kind: string; version?: string; name?: string; detail: string }[] = [];
  /** Alerts raised before the target was known (they need its name). */
  #waiting: Alert[] = [];
  #failureAlerted = false;
  #ranSinceCommand = false;

  constructor(config: ResolvedConfig) {
    this.#config = config;
    const { alerts, delivery } = config.monitor;
    this.#alerts = alerts.length > 0 ? new AlertDispatcher(alerts, delivery, () => this.#context()) : undefined;
  }

  onEvent(event: RunEvent): void {
    if (event.type === 'lock-acquired') this.#lockWaitedMs = event.waitedMs;
    else if (event.type === 'anomaly') {
      const migration = event.version && event.name ? { version: event.version, name: event.name } : undefined;
      this.#anomalies.push({ kind: event.kind, ...(migration ?? {}), detail: event.detail });
      this.#raise({
        kind: 'anomaly',
        anomaly: event.kind,
        severity: 'warning',
        title: `Anomaly (${event.kind})${event.name ? ` in ${event.name}` : ''}`,
        details: [event.detail],
        ...(migration ? { migration } : {}),
      });
    } else if (event.type === 'restored') {
      this.#raise({
        kind: 'auto-restore',
        severity: event.identical ? 'warning' : 'critical',
        title: event.tables
          ? `The tables a failed migration touched (${event.tables.join(', ')}) were restored automatically${event.id === '-' ? '' : ` from backup ${event.id}`}`
          : `Backup ${event.id} was restored automatically after a failed migration`,
        details: [event.identical ? 'the database is identical to before the migration' : 'the restored database differs from the backup: check it'],
      });
    }
  }

  beforeAll(run: RunContext): void {
    this.#deps = run;
    this.#run = run;
    this.#failureAlerted = false;
    this.#flushWaiting();
    const { lockWaitAlertMs, allowedActors, changeWindow } = this.#config.monitor;
    const anomaly = (kind: string, detail: string) => run.emitter.emit({ type: 'anomaly', kind, detail });
    if (this.#lockWaitedMs !== undefined && this.#lockWaitedMs > lockWaitAlertMs) {
      anomaly('long-lock-wait', `waited ${this.#lockWaitedMs} ms for the migration lock (monitor.lockWaitAlertMs: ${lockWaitAlertMs})`);
    }
    const actor = this.#config.actor ?? 'unknown';
    if (allowedActors && !actorAllowed(allowedActors, actor, this.#host)) {
      anomaly('actor-not-allowed', `${actor} on ${this.#host} is not in monitor.allowedActors`);
    }
    if (changeWindow && !insideChangeWindow(changeWindow)) {
      anomaly('outside-change-window', `started at ${new Date().toISOString()}, outside the change window (${describeChangeWindow(changeWindow)})`);
    }
  }

  afterCommit(step: CommittedStep): void {
    for (const found of stepAnomalies(step, this.#config.monitor)) {
      step.run.emitter.emit({ type: 'anomaly', kind: found.kind, version: step.migration.version, name: step.migration.name, detail: found.detail });
    }
  }

  onFailure(step: FailedStep): void {
    this.#failureAlerted = true;
    const { migration, error, outcome, direction } = step;
    this.#raise({
      kind: alertKindOf(error.code),
      severity: 'critical',
      title: `Migration ${migration.name} failed (${direction})`,
      details: [`error code ${error.code}`, OUTCOME_TEXT[outcome]],
      migration: { version: migration.version, name: migration.name },
      code: error.code,
    });
  }

  async afterAll(run: RunContext, summary: RunSummary): Promise<void> {
    this.#ranSinceCommand = true;
    const problems: string[] = [];
    if (!summary.ok && !this.#failureAlerted) this.#raiseFailure(run.command, summary.error?.code ?? 'INTERNAL');
    const attempt = async (what: string, work: () => Promise<unknown>) => {
      try {
        await work();
      } catch (error) {
        problems.push(`${what}: ${reasonOf(error)}`);
      }
    };
    if (SCHEMA_CHANGING_COMMANDS.has(run.command)) await attempt('recording the schema', () => recordSchema(run));
    const anomalies = this.#anomalies.splice(0);
    await attempt('auditing anomalies', async () => {
      for (const a of anomalies) await run.safety.audit.append('anomaly', { ...a, run: run.runId });
    });
    const outcomes = await this.#settle();
    await attempt('auditing alert deliveries', async () => {
      for (const outcome of outcomes) await appendEntry(run, auditEntryOf(outcome));
    });
    if (this.#exports) {
      const lockWaitMs = this.#lockWaitedMs;
      await attempt('exporting metrics', () => exportMetrics(run, { run: { ok: summary.ok, ...(lockWaitMs !== undefined ? { lockWaitMs } : {}) } }));
    }
    this.#run = undefined;
    this.#lockWaitedMs = undefined;
    if (problems.length > 0) throw new Error(problems.join('; '));
  }

  async afterCommand(record: CommandRecord): Promise<void> {
    this.#deps = record.deps;
    this.#flushWaiting();
    const ran = this.#ranSinceCommand;
    this.#ranSinceCommand = false;
    if (!ran && record.outcome !== 'ok') this.#raiseCommandFailure(record);
    const outcomes = await this.#settle();
    const entries: OutsideRunEntry[] = [
      { event: 'access', details: { command: record.command, outcome: record.outcome, host: this.#host, durationMs: record.durationMs } },
      ...outcomes.map(auditEntryOf),
    ];
    await appendOutsideRun(record.deps, entries);
    if (!ran && this.#exports && EXPORTING_COMMANDS.has(record.command)) await exportMetrics(record.deps, { run: { ok: record.outcome === 'ok' } });
  }

  /** True when metrics go somewhere at the end of a run. */
  get #exports(): boolean {
    return Boolean(this.#config.monitor.pushgateway || this.#config.monitor.metricsFile);
  }

  #raiseFailure(command: string, code: string): void {
    this.#raise({ kind: alertKindOf(code), severity: 'critical', title: `dihya-migrate ${command} failed`, details: [`error code ${code}`], code, command });
  }

  /** A command that failed without a run to see it fail (before the lock, or read-only). */
  #raiseCommandFailure(record: CommandRecord): void {
    if (DihyaError.is(record.error, 'CHECK_FAILED')) {
      for (const failed of record.error.details.failed.split(', ')) {
        const kind = KIND_BY_CHECK[failed];
        if (kind)
          this.#raise({
            kind,
            severity: 'critical',
            title: `dihya-migrate check: the ${failed} check failed`,
            details: [],
            code: 'CHECK_FAILED',
            command: 'check',
          });
      }
      return;
    }
    if (JOB_COMMANDS.has(record.command) || alertKindOf(record.outcome) !== 'failure') this.#raiseFailure(record.command, record.outcome);
  }

  #raise(partial: Omit<Alert, 'command' | 'at' | 'run'> & { command?: string }): void {
    if (!this.#alerts) return;
    const alert: Alert = {
      ...partial,
      command: partial.command ?? this.#run?.command ?? 'dihya-migrate',
      ...(this.#run ? { run: this.#run.runId } : {}),
      at: new Date().toISOString(),
    };
    if (this.#deps) this.#alerts.raise(alert);
    else this.#waiting.push(alert);
  }

  #flushWaiting(): void {
    for (const alert of this.#waiting.splice(0)) this.#alerts?.raise(alert);
  }

  async #settle(): Promise<AlertOutcome[]> {
    return this.#alerts ? this.#alerts.settle() : [];
  }

  #context(): AlertContext {
    const deps = this.#deps!;
    return { target: deps.target.displayUrl, dialect: deps.target.dialect, actor: this.#config.actor ?? 'unknown', host: this.#host };
  }
}
