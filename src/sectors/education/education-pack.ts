import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SchemaSnapshot } from '../../database/schema-snapshot.ts';
import { cellText } from '../cell-text.ts';
import { bareName, identifiersIn, mentionedTables } from '../mentions.ts';
import type { Bilingual, SectorPack } from '../sector-pack.ts';
import { gradeNarrowingRule } from './education-lint.ts';
import { educationTemplate } from './education-template.ts';
import { onScale, readGradesRules, scaleText, type GradesRule } from './grades-rule.ts';

/** Tables the éducation pack takes for grade tables: a migration that names one must declare its `sectorRules.grades`. */
const GRADE_TABLES = /^(grades?|notes?|marks?|evaluations?|assessments?|competenc[a-z_]*)$/i;

/** The keys of the grades before the step, per rule (as JSON text: never printed). */
type Before = Map<number, { keys: Map<string, number> } | undefined>;

/**
 * The éducation pack: grades stay on the scale the migration declares (`sectorRules.grades`),
 * and none is lost or duplicated per key (student, course, term by default). Its messages and
 * audit notes are in French and English.
 */
export const educationPack: SectorPack = {
  name: 'education',
  description: {
    en: 'Grades: within their declared scale, none lost or duplicated per (student, course, term); notes in French and English',
    fr: 'Notes : dans l’échelle déclarée, aucune perdue ni dupliquée par (élève, cours, période) ; messages en français et en anglais',
  },
  lint: [gradeNarrowingRule],
  checks: [
    {
      name: 'grades-declared',
      description: {
        en: 'a migration that touches a grade table declares sectorRules.grades (table, column, scale)',
        fr: 'une migration qui touche une table de notes déclare sectorRules.grades (table, colonne, échelle)',
      },
      prepare(migration, view) {
        const read = readGradesRules(migration.sectorRules);
        if ('problem' in read) return [{ en: read.problem, fr: read.problem }];
        if (read.rules.length > 0) return [];
        const words = identifiersIn(migration.text);
        const touched = [...mentionedTables(words, view.schema).map(bareName), ...[...words].filter((w) => GRADE_TABLES.test(w))].filter((t) =>
          GRADE_TABLES.test(t),
        );
        if (touched.length === 0) return [];
        const tables = [...new Set(touched)].join(', ');
        return [
          {
            en: `it touches ${tables} but declares no grade scale: add sectorRules: { grades: { table, column, scale: { min, max } } }`,
            fr: `elle touche ${tables} sans déclarer d’échelle de notes : ajoutez sectorRules: { grades: { table, column, scale: { min, max } } }`,
          },
        ];
      },
    },
    {
      name: 'grades-kept',
      description: {
        en: 'grades stay within the declared scale; none is lost or duplicated per (student, course, term)',
        fr: 'les notes restent dans l’échelle déclarée ; aucune n’est perdue ni dupliquée par (élève, cours, période)',
      },
      async before(ctx, view) {
        const read = readGradesRules(ctx.migration.sectorRules);
        const before: Before = new Map();
        if ('problem' in read) return before;
        const schema = await view.schema();
        for (const [i, rule] of read.rules.entries()) {
          const table = rule.from?.table ?? rule.table;
          const key = rule.from?.key ?? rule.key;
          before.set(i, hasTable(schema, table) ? { keys: await keyCounts(ctx.db, table, key) } : undefined);
        }
        return before;
      },
      async verify(ctx, before, view) {
        const read = readGradesRules(ctx.migration.sectorRules);
        if ('problem' in read) return [{ en: read.problem, fr: read.problem }];
        const schema = await view.schema();
        const problems: Bilingual[] = [];
        for (const [i, rule] of read.rules.entries()) {
          if (!hasTable(schema, rule.table)) {
            problems.push({ en: `${rule.table} is not there after the migration`, fr: `${rule.table} n’existe plus après la migration` });
            continue;
          }
          const found = await checkGrades(ctx.db, rule, (before as Before | undefined)?.get(i));
          problems.push(...found.problems);
          if (found.problems.length === 0) {
            await ctx.audit.note(
              `grades checked: ${found.grades} grade(s) in ${rule.table}.${rule.column} on the scale ${scaleText(rule.scale)}, none lost or duplicated`,
              {
                fr: `notes vérifiées : ${found.grades} note(s) dans ${rule.table}.${rule.column} sur l’échelle ${scaleText(rule.scale)}, aucune perdue ni dupliquée`,
                grades: found.grades,
                table: rule.table,
              },
            );
          }
        }
        return problems;
      },
    },
  ],
  templates: { ts: educationTemplate },
};

function hasTable(schema: SchemaSnapshot, table: string): boolean {
  return Object.keys(schema.tables).some((t) => bareName(t) === table.toLowerCase());
}

/** How many rows each key has (keys as JSON text, kept in memory, never printed). */
async function keyCounts(db: Kysely<any>, table: string, key: string[]): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom(table)
    .select(key.map((k) => sql.ref(k).as(k)))
    .execute();
  const counts = new Map<string, number>();
  for (const row of rows as Record<string, unknown>[]) {
    const id = JSON.stringify(key.map((k) => cellText(row[k])));
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  return counts;
}

async function checkGrades(
  db: Kysely<any>,
  rule: GradesRule,
  before: { keys: Map<string, number> } | undefined,
): Promise<{ grades: number; problems: Bilingual[] }> {
  const rows = (await db
    .selectFrom(rule.table)
    .select([...rule.key.map((k) => sql.ref(k).as(k)), sql.ref(rule.column).as('__grade')])
    .execute()) as Record<string, unknown>[];
  const problems: Bilingual[] = [];
  const where = `${rule.table}.${rule.column}`;
  const off = rows.filter((r) => !onScale(r.__grade, rule.scale)).length;
  if (off > 0) {
    problems.push({
      en: `${off} grade(s) in ${where} are empty or outside the declared scale ${scaleText(rule.scale)}`,
      fr: `${off} note(s) de ${where} sont vides ou hors de l’échelle déclarée ${scaleText(rule.scale)}`,
    });
  }
  const after = new Map<string, number>();
  for (const row of rows) {
    const id = JSON.stringify(rule.key.map((k) => cellText(row[k])));
    after.set(id, (after.get(id) ?? 0) + 1);
  }
  const keyText = rule.key.join(', ');
  const duplicated = [...after.values()].filter((n) => n > 1).length;
  if (duplicated > 0) {
    problems.push({
      en: `${duplicated} (${keyText}) have more than one grade in ${rule.table}`,
      fr: `${duplicated} (${keyText}) ont plus d’une note dans ${rule.table}`,
    });
  }
  if (before) {
    const lost = [...before.keys.keys()].filter((id) => !after.has(id)).length;
    if (lost > 0) {
      problems.push({
        en: `${lost} (${keyText}) had a grade before the migration and have none in ${rule.table} after it`,
        fr: `${lost} (${keyText}) avaient une note avant la migration et n’en ont plus dans ${rule.table}`,
      });
    }
  }
  return { grades: rows.length, problems };
}
