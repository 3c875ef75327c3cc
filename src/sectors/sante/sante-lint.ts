import { hookMigration } from '../../hooks/hook-context.ts';
import { identifiersIn } from '../mentions.ts';
import type { SectorLintRule } from '../sector-pack.ts';
import { specialCategoryTouched } from './special-category.ts';

/**
 * `sante/special-category-undeclared` (error, every migration): the migration touches patient
 * identifiers or health columns (special-category data, GDPR Art. 9) but lacks `purpose` or
 * `approvedBy`. The same rule the pack enforces before `up`, found earlier by `lint` and `plan`.
 *
 * @example
 * undeclaredSpecialCategoryRule.check(subject) // [{ line: 1, message: 'touches patients, diagnosis without purpose, approvedBy' }]
 */
export const undeclaredSpecialCategoryRule: SectorLintRule = {
  id: 'sante/special-category-undeclared',
  severity: 'error',
  appliesTo: 'every-migration',
  explanation: {
    en: 'Patient identifiers and health columns are special-category data (GDPR Art. 9): a migration touching them must say why and who approved it.',
    fr: 'Les identifiants de patients et les colonnes de santé sont des données de catégorie particulière (RGPD art. 9) : une migration qui les touche doit dire pourquoi et qui l’a approuvée.',
  },
  hint: {
    en: "Declare purpose: '<why>' and approvedBy: '<who>' in the migration (SQL: -- dihya:purpose … and -- dihya:approvedBy …).",
    fr: "Déclarez purpose: '<pourquoi>' et approvedBy: '<qui>' dans la migration (SQL : -- dihya:purpose … et -- dihya:approvedBy …).",
  },
  check(subject) {
    const migration = hookMigration(subject.migration);
    const missing = [...(migration.purpose ? [] : ['purpose']), ...(migration.approvedBy ? [] : ['approvedBy'])];
    if (missing.length === 0) return [];
    const touched = specialCategoryTouched(migration, subject.schema);
    const names = [...new Set([...touched.tables, ...touched.names])];
    if (names.length === 0) return [];
    const first = subject.statements.find((s) => names.some((n) => identifiersIn(s.sql).has(n.toLowerCase())));
    return [{ ...(first?.line === undefined ? {} : { line: first.line }), message: `touches ${names.join(', ')} without ${missing.join(', ')}` }];
  },
};
