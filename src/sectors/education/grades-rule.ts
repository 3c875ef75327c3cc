import { z } from 'zod';
import { cellText } from '../cell-text.ts';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain SQL identifier');

/** The key grades are unique on, unless a rule says otherwise. */
export const DEFAULT_GRADE_KEY = ['student_id', 'course_id', 'term'];

/**
 * `sectorRules.grades` of an éducation migration: where the grades are after it, on which scale,
 * and (when it moves them) where they were before.
 *
 * @example
 * gradesRuleSchema.parse({ table: 'grades', column: 'level', scale: { min: 1, max: 4 } })
 */
export const gradesRuleSchema = z.strictObject({
  table: identifier,
  column: identifier,
  scale: z.union([
    z.strictObject({ min: z.number(), max: z.number() }).refine((s) => s.min <= s.max, 'min must not be above max'),
    z.strictObject({ values: z.array(z.union([z.string().min(1), z.number()])).min(1) }),
  ]),
  key: z.array(identifier).min(1).default(DEFAULT_GRADE_KEY),
  /** Where the grades were before the migration (default: the same table and key). */
  from: z.strictObject({ table: identifier, key: z.array(identifier).min(1).optional() }).optional(),
});

/** One grades rule, with its defaults. */
export type GradesRule = z.output<typeof gradesRuleSchema>;

/**
 * The grades rules a migration declares (`sectorRules.grades`: one rule or an array), or the problem with them.
 *
 * @example
 * readGradesRules({ grades: { table: 'grades', column: 'level', scale: { values: ['A', 'B'] } } }) // { rules: [...] }
 */
export function readGradesRules(sectorRules: Record<string, unknown> | undefined): { rules: GradesRule[] } | { problem: string } {
  const value = sectorRules?.grades;
  if (value === undefined) return { rules: [] };
  const parsed = z.union([gradesRuleSchema, z.array(gradesRuleSchema).min(1)]).safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { problem: `sectorRules.grades${issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue.message}` };
  }
  return { rules: Array.isArray(parsed.data) ? parsed.data : [parsed.data] };
}

/** How a scale is written in messages: `0–20`, or `A, B, C`. */
export function scaleText(scale: GradesRule['scale']): string {
  return 'values' in scale ? scale.values.join(', ') : `${scale.min}–${scale.max}`;
}

/** Whether a grade read from the database is on the scale (an empty grade never is). */
export function onScale(value: unknown, scale: GradesRule['scale']): boolean {
  if (value === null || value === undefined) return false;
  if ('values' in scale) return scale.values.some((v) => String(v) === cellText(value));
  const n = Number(value);
  return Number.isFinite(n) && n >= scale.min && n <= scale.max;
}
