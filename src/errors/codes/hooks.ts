import { input } from '../error-text.ts';

/** Errors of business hooks and sector packs, all found before the lock. */
export const hooksErrors = {
  HOOK_INVALID: input<{ source: string; hook: string; reason: string; known: string }>(
    (d) => `Invalid hook ${d.hook} in ${d.source}: ${d.reason}`,
    (d) => `Each hook is a function or an array of functions, named one of: ${d.known}. E.g. hooks: { afterMigrate: async (ctx, sector) => { … } }.`,
  ),
  SECTOR_NOT_FOUND: input<{ sector: string; reason: string; known: string }>(
    (d) => `Sector pack ${d.sector} cannot be loaded: ${d.reason}`,
    (d) =>
      `Name a built-in pack (${d.known}) or give the path of a module, relative to the config file, whose default export is a pack (e.g. './sectors/banking.ts').`,
  ),
  SECTOR_INVALID: input<{ sector: string; reason: string }>(
    (d) => `Sector pack ${d.sector} is malformed: ${d.reason}`,
    () =>
      'A pack is a plain object: { name, description: { en, fr }, hooks?, checks?: [{ name, description, verify }], catalog?, lint?: [{ id: \'<pack>/<name>\', severity, explanation: { en, fr }, hint: { en, fr }, check }], templates? } (see the README section "Sector packs").',
  ),
  SECTOR_RULE_VIOLATED: input<{ sector: string; check: string; name: string; problems: string; problemsFr: string }>(
    (d) => `Migration ${d.name} breaks the ${d.sector} rule ${d.check}: ${d.problems}`,
    (d) => `Fix the migration file (nothing was run). The ${d.sector} pack's rules are listed in the README section "Sector packs".`,
  ),
  SECTOR_UNKNOWN_FOR_TEMPLATE: input<{ sector: string; known: string }>(
    (d) => `No template for sector ${d.sector}`,
    (d) => `Use one of: ${d.known}, or add the pack to \`sectors\` in dihya.config.ts.`,
  ),
  REHEARSAL_ANONYMIZE_REQUIRED: input<{ sector: string; name: string; reason: string; reasonFr: string }>(
    (d) => `rehearse refused: the ${d.sector} pack allows only an anonymized copy for ${d.name}: ${d.reason}`,
    () =>
      'Run `dihya-migrate rehearse --anonymize` (the copy is anonymized before any migration runs on it; it needs DIHYA_PRIVACY_KEY and a catalog covering the personal columns). Nothing was copied.',
  ),
};
