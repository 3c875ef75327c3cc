import { input, runtime } from '../error-text.ts';

/** Errors of rehearsals (`rehearse`, the receipts `up` requires) and of `lint`. */
export const rehearseErrors = {
  REHEARSAL_REQUIRED: input<{ pending: string; reason: string }>(
    (d) => `No passing rehearsal covers the migrations about to run (${d.pending}): ${d.reason}`,
    () =>
      'Run `dihya-migrate rehearse` (with the same --to) against this database first: it tries them on a copy of the data; then run `up` again. `rehearsal.required` in dihya.config.ts asks for it.',
  ),
  REHEARSAL_FAILED: runtime<{ phase: string; name: string; reason: string }>(
    (d) => `The rehearsal failed (${d.phase}${d.name ? ` of ${d.name}` : ''}): ${d.reason}`,
    () => 'Production was not touched. Fix the migration (it fails on the real data, or its down does not undo its up) and rehearse again.',
  ),
  LINT_FAILED: runtime<{ count: number; rules: string }>(
    (d) => `Lint found ${d.count} error(s): ${d.rules}`,
    () =>
      "Fix each finding as its hint says, or silence a rule in that migration with `lint: { allow: ['<id>'], reason: '…' }` (SQL: `-- dihya:lint allow=<id> reason=\"…\"`).",
  ),
  LINT_BLOCKED: input<{ count: number; rules: string; command?: string }>(
    (d) => `${d.command ?? 'up'} refused: lint found ${d.count} error(s) in the pending migrations: ${d.rules}`,
    () =>
      'Run `dihya-migrate lint` to see each finding with its fix; `lint.onUp` in dihya.config.ts sets whether errors block `up` (error), are shown (warn) or are skipped (off).',
  ),
  LINT_ALLOW_INVALID: input<{ name: string; reason: string }>(
    (d) => `Invalid lint allowance in ${d.name}: ${d.reason}`,
    () => "Write `lint: { allow: ['<rule id>'], reason: 'why it is safe here' }` with rule ids listed by `dihya-migrate lint --rules`.",
  ),
};
