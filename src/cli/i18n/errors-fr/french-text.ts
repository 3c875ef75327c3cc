import type { ErrorText } from '../../../errors/error-text.ts';
import type { StepFailureDetails } from '../../../errors/step-failure-details.ts';

/** The French message and hint of one error code, from the same details as the English text. */
export interface FrenchText<D> {
  message: (d: D) => string;
  hint: (d: D) => string;
}

/**
 * French texts for a group of English error texts: one entry per code, with the same details type.
 *
 * @example
 * export const auditErrorsFr: FrenchErrors<typeof auditErrors> = { AUDIT_BROKEN: { message: (d) => …, hint: () => … } }
 */
export type FrenchErrors<G> = { [C in keyof G]: G[C] extends ErrorText<infer D> ? FrenchText<D> : never };

/** Ce qui est arrivé aux changements d’une migration en échec : annulés, restaurés, ou peut-être conservés. */
export function issue(d: StepFailureDetails, next: string): string {
  if (d.outcome === 'rolled-back') return `Rien n’en a été conservé (la transaction a été annulée). ${next}`;
  if (d.outcome === 'restored') {
    const lost = d.overwritten
      ? ` D’autres sessions ont aussi écrit dans ${d.overwritten} entre-temps : ces écritures ont été annulées par la restauration.`
      : '';
    const what =
      d.restoredTables && !d.restoredTables.includes('(whole database)')
        ? `Les tables qu’elle a touchées (${d.restoredTables}) ont été restaurées`
        : 'La base a été restaurée';
    return `${what} depuis la sauvegarde ${d.backup} et sont identiques à avant la migration ; les autres tables sont restées telles quelles.${lost} ${next}`;
  }
  const restore = d.backup ? ` La sauvegarde prise avant elle est ${d.backup}.` : '';
  return `Elle a tourné hors transaction : une partie peut en rester. Vérifiez la base avant de relancer.${restore} ${next}`;
}
