import { input, runtime } from '../error-text.ts';

/** Errors of monitoring: metrics export, the health check. */
export const monitorErrors = {
  PUSHGATEWAY_URL_INVALID: input<{ url: string; reason: string }>(
    (d) => `Invalid Pushgateway URL ${d.url}: ${d.reason}`,
    () => 'Give the Pushgateway base URL, e.g. --pushgateway http://pushgateway:9091 (or `monitor.pushgateway` in dihya.config.ts).',
  ),
  METRICS_FILE_INVALID: input<{ file: string; reason: string }>(
    (d) => `Cannot write the metrics file ${d.file}: ${d.reason}`,
    () =>
      'Point --metrics-file (or `monitor.metricsFile`) into an existing, writable folder, such as node_exporter’s --collector.textfile.directory; the name must end in .prom.',
  ),
  METRICS_PUSH_FAILED: runtime<{ url: string; reason: string }>(
    (d) => `Could not push metrics to the Pushgateway ${d.url}: ${d.reason}`,
    () => 'Check that the Pushgateway is up and reachable from here; the run itself is not affected.',
  ),
  METRICS_FILE_WRITE_FAILED: runtime<{ file: string; reason: string }>(
    (d) => `Could not write the metrics file ${d.file}: ${d.reason}`,
    () => 'Check the folder’s permissions and free space; the previous file, if any, was left as it was.',
  ),
  CHECK_FAILED: runtime<{ failed: string; count: number }>(
    (d) => `Health check failed: ${d.count} check(s) not healthy (${d.failed})`,
    () => 'Each failed check says what to do; `dihya-migrate check --json` lists them all. Exit code 1 lets cron and CI alert on it.',
  ),
};
