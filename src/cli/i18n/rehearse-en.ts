import { ALL_LINT_RULES } from '../../lint/lint-rules.ts';

/** The texts of `rehearse` and `lint`, in English. */
export const rehearseEn = {
  rehearsal: {
    help: {
      rehearse:
        'try the pending migrations on a full copy of the data (scratch database on the same server): up, each down in reverse, up again; writes a receipt',
      to: 'rehearse pending migrations up to and including this version',
      anonymize: 'anonymize the copy first, as `anonymize` does (privacy.columns and DIHYA_PRIVACY_KEY needed)',
      lint: 'check the pending migrations (or --all files) against the lint rules; exit 1 on an error-level finding',
      lintAll: 'lint every migration file, applied ones too',
      lintRules: 'list the rules with their id, severity and explanation',
    },
    nothing: 'nothing pending: nothing to rehearse',
    copied: (target: string, ms: number, anonymized: boolean) => `copied ${target} into a scratch database in ${ms} ms${anonymized ? ', anonymized' : ''}`,
    migration: (name: string) => `-- ${name}`,
    step: (pass: string, ms: number, ok: boolean) => `  ${pass}: ${ok ? 'ok' : 'FAILED'} in ${ms} ms`,
    rows: (rows: string) => `    rows changed: ${rows}`,
    schema: (changes: string) => `    schema: ${changes}`,
    noSchemaChange: 'no change',
    locks: (locks: string) => `    locks: ${locks}`,
    roundTrip: {
      ok: '  round trip: ok (schema and row counts as before up)',
      'no-down': '  round trip: not checked (no down)',
      differs: '  round trip: DIFFERS',
      'not-run': '  round trip: not run',
    } as Record<string, string>,
    difference: (text: string) => `    ${text}`,
    passed: (n: number, ms: number, seq: number) =>
      `rehearsal passed: ${n} migration(s) in ${ms} ms; receipt #${seq} written in the audit; the copy was dropped`,
    failed: (seq: number) => `rehearsal FAILED; receipt #${seq} (failed) written in the audit; the copy was dropped, production untouched`,
    statusRehearsed: (at: string) => `rehearsal: the pending set was rehearsed on ${at} (receipt matches the files and the schema)`,
    statusNotRehearsed: (reason: string, required: boolean) =>
      `rehearsal: the pending set is not rehearsed (${reason})${required ? '; `up` will refuse (rehearsal.required)' : ''}`,
  },
  lint: {
    finding: (where: string, severity: string, rule: string, message: string) => `${where}: ${severity} [${rule}] ${message}`,
    why: (text: string) => `  why: ${text}`,
    fix: (text: string) => `  fix: ${text}`,
    allowed: (reason: string) => `  allowed by the migration: ${reason}`,
    none: 'lint: no finding',
    summary: (errors: number, warnings: number, allowed: number) =>
      `lint: ${errors} error(s), ${warnings} warning(s)${allowed > 0 ? `, ${allowed} allowed` : ''}`,
    severities: { error: 'error', warning: 'warning' } as Record<string, string>,
    rulesHeaders: ['id', 'severity', 'dialects', 'explanation'],
    allDialects: 'all',
    /** Rule texts in English are the rules' own (src/lint/lint-rules.ts). */
    rules: Object.fromEntries(ALL_LINT_RULES.map((r) => [r.id, { explanation: r.explanation, hint: r.hint }])) as Record<
      string,
      { explanation: string; hint: string }
    >,
    /** A sector pack rule's explanation or hint, in the language of the messages (its English text, or its French one). */
    contributedText: (english: string, _french: string | undefined) => `${english}`,
  },
};
