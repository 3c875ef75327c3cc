import path from 'node:path';
import type { RunExtension } from '../pipeline/run-extension.ts';
import { StepStates } from './hook-context.ts';
import { hookExtensions } from './hooks-extension.ts';

/** What the hooks capability reads of the config. */
export interface HooksSettings {
  hooks?: unknown;
  /** The config file (`defaults` when there is none), named in HOOK_INVALID. */
  source: string;
}

/**
 * The config's business hooks as extensions (none when `hooks` is not set), checked now, before
 * any lock (HOOK_INVALID).
 *
 * @example
 * const extensions = configHookExtensions({ hooks: config.hooks, source: config.source }, new StepStates())
 */
export function configHookExtensions(settings: HooksSettings, states = new StepStates()): RunExtension[] {
  if (settings.hooks === undefined) return [];
  return hookExtensions({ source: path.basename(settings.source), prefix: '', hooks: settings.hooks, appliesTo: () => true }, states);
}
