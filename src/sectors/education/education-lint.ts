import { typedColumns } from '../lint-columns.ts';
import type { SectorLintRule } from '../sector-pack.ts';

/** Grade columns, in grade tables or by their own name. */
const GRADE_COLUMN = /^(grade|grades|note|score|mark|level|niveau|result|resultat|points|competenc[a-z_]*|[a-z0-9_]+_(grade|score|note|mark|level))$/i;
const GRADE_TABLE = /^(grades?|notes?|marks?|evaluations?|assessments?|competenc[a-z_]*)$/i;

type Family = { kind: 'integer'; rank: number } | { kind: 'decimal'; precision: number; scale: number } | { kind: 'float' } | { kind: 'text'; length: number };

const INTEGER_RANK: Record<string, number> = { tinyint: 1, smallint: 2, int2: 2, mediumint: 3, int: 4, integer: 4, int4: 4, bigint: 5, int8: 5 };

function family(type: string): Family | undefined {
  const t = type.toLowerCase().trim();
  const integer = /^(tinyint|smallint|int2|mediumint|integer|int4|int8|int|bigint)\b/.exec(t);
  if (integer) return { kind: 'integer', rank: INTEGER_RANK[integer[1]!]! };
  const decimal = /^(numeric|decimal)\s*(?:\(\s*(\d+)\s*(?:,\s*(\d+)\s*)?\))?/.exec(t);
  if (decimal) return { kind: 'decimal', precision: Number(decimal[2] ?? 1000), scale: Number(decimal[3] ?? (decimal[2] ? 0 : 1000)) };
  if (/^(real|float|double)/.test(t)) return { kind: 'float' };
  const text = /^(?:character varying|varchar|nvarchar|char|character|text|string|clob)\s*(?:\(\s*(\d+)\s*\))?/.exec(t);
  if (text) return { kind: 'text', length: text[1] ? Number(text[1]) : Infinity };
  return undefined;
}

/**
 * Whether `to` holds less than `from`: fractions dropped (decimal or float to integer, a smaller
 * scale), a smaller integer, precision or text length, or text grades (`A`, `acquis`) turned
 * into numbers.
 *
 * @example
 * narrows('numeric(4,2)', 'integer') // true
 */
export function narrows(from: string, to: string): boolean {
  const a = family(from);
  const b = family(to);
  if (!a || !b) return false;
  if (a.kind === 'text') return b.kind !== 'text' || b.length < a.length;
  if (b.kind === 'text') return false;
  if (b.kind === 'integer') return a.kind !== 'integer' || b.rank < a.rank;
  if (b.kind === 'decimal' && a.kind === 'decimal') return b.scale < a.scale || b.precision - b.scale < a.precision - a.scale;
  if (b.kind === 'decimal' && a.kind === 'float') return true;
  return false;
}

/**
 * `education/grade-narrowing` (warning): an éducation migration changes a grade column
 * (`score`, `grade`, `level`… or any column of a grade table) to a narrower type, which rounds
 * or truncates grades silently (a 13.5 out of 20 becoming 13 or 14).
 *
 * @example
 * gradeNarrowingRule.check(subject) // [{ message: 'grades.score numeric(4,2) -> integer' }]
 */
export const gradeNarrowingRule: SectorLintRule = {
  id: 'education/grade-narrowing',
  severity: 'warning',
  explanation: {
    en: 'Narrowing a grade column’s type (decimal to integer, a smaller scale or length) rounds or truncates grades without an error on some databases.',
    fr: 'Réduire le type d’une colonne de notes (décimal vers entier, une échelle ou une longueur plus petite) arrondit ou tronque des notes, sans erreur sur certaines bases.',
  },
  hint: {
    en: 'Add a column of the new type, convert the grades explicitly (with the rounding you mean), declare sectorRules.grades, then drop the old column later.',
    fr: 'Ajoutez une colonne du nouveau type, convertissez les notes explicitement (avec l’arrondi voulu), déclarez sectorRules.grades, puis supprimez l’ancienne colonne plus tard.',
  },
  check: (subject) =>
    typedColumns(subject)
      .filter((c) => c.was !== undefined && (GRADE_COLUMN.test(c.column) || GRADE_TABLE.test(c.table ?? '')) && narrows(c.was, c.type))
      .map((c) => ({
        ...(c.line === undefined ? {} : { line: c.line }),
        message: `${c.table ? `${c.table}.` : ''}${c.column} ${c.was!.toLowerCase()} -> ${c.type.toLowerCase()}`,
      })),
};
