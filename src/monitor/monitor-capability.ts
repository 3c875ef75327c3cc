import type { ResolvedConfig } from '../config/config-schema.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';
import { checkPushgatewayUrl } from './metrics/pushgateway.ts';
import { checkMetricsFile } from './metrics/textfile.ts';
import { MonitorExtension } from './monitor-extension.ts';

/**
 * The monitoring capability (one line in migrator/capabilities.ts). Always on: the access log and
 * the schema record serve every project; metrics export and alerts start when configured. Checks
 * the Pushgateway URL and the metrics file before any work (exit 2 on a bad one).
 *
 * @example
 * const extensions = await monitorCapability(config) // [MonitorExtension]
 */
export async function monitorCapability(config: ResolvedConfig): Promise<RunExtension[]> {
  if (config.monitor.pushgateway) checkPushgatewayUrl(config.monitor.pushgateway);
  if (config.monitor.metricsFile) checkMetricsFile(config.monitor.metricsFile);
  return [new MonitorExtension(config)];
}
