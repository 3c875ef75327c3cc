import path from 'node:path';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { ContributedLintRule } from '../lint/contributed-rules.ts';
import { loadSectorPacks } from './load-packs.ts';
import type { SectorPack } from './sector-pack.ts';
import type { SectorSettings } from './sectors-capability.ts';

/**
 * The lint rules of the packs, as the lint registry runs them: English texts with the French
 * alongside, limited to the migrations of the pack's sector unless the rule says
 * `appliesTo: 'every-migration'`. A rule whose check throws, or returns something else than a list
 * of findings, stops the lint with EXTENSION_FAILED naming the pack and the rule.
 *
 * @example
 * const rules = packLintRules([ecommercePack]) // [{ id: 'ecommerce/float-money', source: 'sector ecommerce', … }]
 */
export function packLintRules(packs: readonly SectorPack[]): ContributedLintRule[] {
  return packs.flatMap((pack) =>
    (pack.lint ?? []).map((rule): ContributedLintRule => {
      const source = `sector ${pack.name}`;
      return {
        id: rule.id,
        severity: rule.severity,
        ...(rule.dialects ? { dialects: rule.dialects } : {}),
        explanation: rule.explanation.en,
        hint: rule.hint.en,
        fr: { explanation: rule.explanation.fr, hint: rule.hint.fr },
        source,
        ...((rule.appliesTo ?? 'sector') === 'sector' ? { appliesTo: (subject) => subject.migration.definition.sector === pack.name } : {}),
        check(subject) {
          let found: unknown;
          try {
            found = rule.check(subject);
          } catch (error) {
            throw new DihyaError('EXTENSION_FAILED', { extension: `${source}: lint ${rule.id}`, point: 'lint', reason: reasonOf(error) }, { cause: error });
          }
          if (!Array.isArray(found) || found.some((f) => typeof (f as { message?: unknown })?.message !== 'string')) {
            throw new DihyaError('EXTENSION_FAILED', {
              extension: `${source}: lint ${rule.id}`,
              point: 'lint',
              reason: 'check() must return a list of { message, line? }',
            });
          }
          return found as { line?: number; message: string }[];
        },
      };
    }),
  );
}

/**
 * The lint rules of the packs the config enables (none without `sectors`), loaded and checked now.
 *
 * @example
 * const contributed = await contributedLintRules(config)
 */
export async function contributedLintRules(settings: SectorSettings): Promise<ContributedLintRule[]> {
  if (settings.sectors.length === 0) return [];
  const base = settings.source === 'defaults' ? settings.cwd : path.dirname(settings.source);
  return packLintRules(await loadSectorPacks(settings.sectors, base));
}
