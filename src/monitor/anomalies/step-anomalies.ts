import type { MonitorConfig } from '../../config/sections/monitor.ts';
import type { CommittedStep } from '../../pipeline/run-context.ts';

/** An anomaly found in a committed step, as the `anomaly` run event carries it. */
export interface StepAnomaly {
  kind: 'slow-migration' | 'rows-changed';
  detail: string;
}

/**
 * What was unusual in a step that committed: it ran longer than its budget (`monitor.budgetMs`, or
 * `monitor.timeoutShare` of its own `timeoutMs`), or it changed more rows in a table than its
 * `checks.rowsChanged` declares (a table it does not declare counts as 0 declared). The details
 * carry table names and counts only.
 *
 * @example
 * stepAnomalies(step, config.monitor) // [{ kind: 'slow-migration', detail: 'took 9000 ms, budget 8000 ms (0.8 of timeoutMs 10000)' }]
 */
export function stepAnomalies(step: CommittedStep, monitor: MonitorConfig): StepAnomaly[] {
  const anomalies: StepAnomaly[] = [];
  const { timeoutMs, checks } = step.migration.definition;
  const budget = timeoutMs !== undefined ? Math.round(timeoutMs * monitor.timeoutShare) : monitor.budgetMs;
  if (budget !== undefined && step.durationMs > budget) {
    const why = timeoutMs !== undefined ? ` (${monitor.timeoutShare} of timeoutMs ${timeoutMs})` : ' (monitor.budgetMs)';
    anomalies.push({ kind: 'slow-migration', detail: `took ${step.durationMs} ms, budget ${budget} ms${why}` });
  }
  const declared = checks?.rowsChanged;
  const changed = step.report?.rowsChanged;
  if (declared && changed) {
    const limits = new Map(Object.entries(declared).map(([table, limit]) => [table.toLowerCase(), typeof limit === 'number' ? limit : limit.max]));
    const over = Object.entries(changed)
      .filter(([table, rows]) => {
        const limit = limits.has(table.toLowerCase()) ? limits.get(table.toLowerCase()) : 0;
        return limit !== undefined && rows > limit;
      })
      .map(([table, rows]) => `${table}: ${rows} changed, ${limits.get(table.toLowerCase()) ?? 0} declared`);
    if (over.length > 0) anomalies.push({ kind: 'rows-changed', detail: over.join('; ') });
  }
  return anomalies;
}
