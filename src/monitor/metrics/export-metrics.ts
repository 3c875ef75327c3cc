import type { DihyaError } from '../../errors/dihya-error.ts';
import { targetKey } from '../../database/target-key.ts';
import type { PipelineDeps } from '../../pipeline/run-context.ts';
import { readPlan } from '../../pipeline/run-phases.ts';
import { compareWithRecordedSchema } from '../schema-record.ts';
import { stateFromAudit, type MetricsState } from './metrics-state.ts';
import { pushMetrics } from './pushgateway.ts';
import { writeTextfile } from './textfile.ts';

/** Where the metrics go, and what a run adds to them. */
export interface MetricsExportOptions {
  /** Push to `monitor.pushgateway` when one is set. Default true. */
  push?: boolean;
  /** Write `monitor.metricsFile` when one is set. Default true. */
  writeFile?: boolean;
  /** The run that just ended: a failed one does not push the last-success timestamp; its lock wait is reported. */
  run?: { ok: boolean; lockWaitMs?: number };
}

/** The metrics, as Prometheus text and as JSON, and where they were sent. */
export interface MetricsExport {
  text: string;
  json: unknown[];
  /** The Pushgateway URL without credentials, when pushed. */
  pushedTo?: string;
  writtenTo?: string;
}

/**
 * Reads the metrics of a database (from its audit log, its history and files, its live schema)
 * and exports them: pushed to the Pushgateway and written to the node_exporter textfile when
 * configured. Reads only, in the database. Throws METRICS_PUSH_FAILED or METRICS_FILE_WRITE_FAILED
 * after trying both.
 *
 * @example
 * const { text } = await exportMetrics(deps, { push: false, writeFile: false })
 */
export async function exportMetrics(deps: PipelineDeps, options: MetricsExportOptions = {}): Promise<MetricsExport> {
  const state = await collectMetricsState(deps, options);
  const { buildRegistry } = await import('./build-registry.ts');
  const labels = { target: targetKey(deps.target.spec), dialect: deps.target.dialect };
  const registry = buildRegistry(state, { ...labels, includeLastSuccess: true });
  const result: MetricsExport = { text: await registry.metrics(), json: await registry.getMetricsAsJSON() };
  const { pushgateway, metricsFile, pushTimeoutMs } = deps.config.monitor;
  const failures: DihyaError[] = [];
  if (metricsFile && options.writeFile !== false) {
    try {
      writeTextfile(metricsFile, result.text);
      result.writtenTo = metricsFile;
    } catch (error) {
      failures.push(error as DihyaError);
    }
  }
  if (pushgateway && options.push !== false) {
    const pushed = options.run?.ok === false ? buildRegistry(state, { ...labels, includeLastSuccess: false }) : registry;
    try {
      await pushMetrics(pushgateway, pushed, labels.target, pushTimeoutMs);
      result.pushedTo = pushgateway;
    } catch (error) {
      failures.push(error as DihyaError);
    }
  }
  if (failures[0]) throw failures[0];
  return result;
}

/**
 * The metrics state: counters from the audit log, then the live state (pending, drift,
 * interrupted, schema drift, audit integrity) and what the run adds.
 */
async function collectMetricsState(deps: PipelineDeps, options: MetricsExportOptions): Promise<MetricsState> {
  const entries = deps.safety.audit.entries();
  const state = stateFromAudit(entries);
  try {
    const plan = await readPlan(deps);
    const count = (s: string) => plan.entries.filter((e) => e.state === s).length;
    state.pending = plan.pending.length;
    state.drifted = { edited: count('edited'), missing: count('missing'), renamed: count('renamed'), 'out-of-order': count('out-of-order') };
    state.interrupted = count('interrupted');
  } catch {
    // unreadable migration files: `up` and `check` report them; the other metrics still go out
  }
  const report = await deps.safety.audit.verify();
  state.audit = { valid: report.problems.length === 0, entries: report.entries.length };
  const schema = await compareWithRecordedSchema(deps, entries);
  if (schema.status !== 'unknown') state.schemaDrift = schema.status === 'differs' ? 1 : 0;
  if (options.run?.lockWaitMs !== undefined) state.lockWaitSeconds = options.run.lockWaitMs / 1000;
  return state;
}
