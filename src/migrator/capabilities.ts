import type { ResolvedConfig } from '../config/config-schema.ts';
import type { RunExtension } from '../pipeline/run-extension.ts';
import { monitorCapability } from '../monitor/monitor-capability.ts';

/**
 * Builds one capability's extensions from the config (none when the capability is not configured).
 * Capabilities are loaded on demand, so a command pays only for what the config turns on.
 */
export type CapabilityFactory = (config: ResolvedConfig) => Promise<RunExtension[]>;

/**
 * Every capability that attaches to the run, in the order their extensions run at each point.
 * A new capability adds one line here.
 *
 * @example
 * const extensions = await capabilityExtensions(config)
 */
export const CAPABILITIES: CapabilityFactory[] = [
  monitorCapability,
  async (config) => (await import('../privacy/privacy-capability.ts')).privacyExtensions(config),
  async (config) => (await import('../sectors/sectors-capability.ts')).sectorAndHookExtensions(config),
  async (config) => (await import('../rehearse/rehearsal-capability.ts')).rehearsalExtensions(config),
  async (config) => (await import('../backfill/backfill-capability.ts')).backfillExtensions(config),
  async (config) =>
    (await import('../lint/lint-capability.ts')).lintExtensions(config, await (await import('../sectors/pack-lint.ts')).contributedLintRules(config)),
];

export async function capabilityExtensions(config: ResolvedConfig): Promise<RunExtension[]> {
  const extensions: RunExtension[] = [];
  for (const factory of CAPABILITIES) extensions.push(...(await factory(config)));
  return extensions;
}
