import type { SchemaSnapshot } from '../../database/schema-snapshot.ts';
import type { HookMigration, MigrationHookContext } from '../../hooks/hook-types.ts';
import { catalogColumns } from '../mentions.ts';
import type { Bilingual, SectorPack } from '../sector-pack.ts';
import { undeclaredSpecialCategoryRule } from './sante-lint.ts';
import { santeTemplate } from './sante-template.ts';
import { SANTE_CATALOG, specialCategoryTouched } from './special-category.ts';

export { SANTE_CATALOG, specialCategoryTouched };

/** The tables an access entry names, and how many of their rows the step changed. */
function accessed(ctx: MigrationHookContext, schema: SchemaSnapshot): { tables: string[]; rows: number } {
  const touched = specialCategoryTouched(ctx.migration, schema);
  const rowsChanged = ctx.changes?.rowsChanged ?? {};
  const special = catalogColumns(schema, SANTE_CATALOG, 'special-category');
  const tables = [...new Set([...touched.tables, ...Object.keys(rowsChanged).filter((t) => special.has(t) && rowsChanged[t]! > 0)])].sort();
  const rows = tables.reduce((sum, t) => sum + (rowsChanged[t] ?? 0), 0);
  return { tables, rows };
}

const declared = (migration: HookMigration): Bilingual[] => {
  const missing: Bilingual[] = [];
  if (!migration.purpose)
    missing.push({
      en: 'it must declare `purpose` (why it processes health data)',
      fr: 'elle doit déclarer `purpose` (pourquoi elle traite des données de santé)',
    });
  if (!migration.approvedBy)
    missing.push({
      en: (missing.length ? '' : 'it must declare ') + '`approvedBy` (who approved it)',
      fr: (missing.length ? '' : 'elle doit déclarer ') + '`approvedBy` (qui l’a approuvée)',
    });
  return missing;
};

/**
 * The santé pack: patient identifiers and health columns are special-category data (GDPR Art. 9).
 * Every migration that touches them, whatever its declared sector, must declare `purpose` and
 * `approvedBy` (checked before the lock), and every run that touches them writes a `data.access`
 * entry in the audit: who (the entry's actor), which tables, how many rows changed, never a value
 * (in the step's transaction; after a failed step, with its outcome).
 */
export const santePack: SectorPack = {
  name: 'sante',
  description: {
    en: 'Health data: special-category columns need a purpose and an approver; every access is audited',
    fr: 'Données de santé : les colonnes de catégorie particulière exigent une finalité et un approbateur ; chaque accès est audité',
  },
  catalog: SANTE_CATALOG,
  lint: [undeclaredSpecialCategoryRule],
  rehearseAnonymized(migration, view) {
    const touched = specialCategoryTouched(migration, view.schema);
    const names = [...new Set([...touched.tables, ...touched.names])];
    if (names.length === 0) return undefined;
    return {
      en: `it touches special-category data (${names.join(', ')}), which may be copied for a rehearsal only anonymized`,
      fr: `elle touche des données de catégorie particulière (${names.join(', ')}), qui ne peuvent être copiées pour une répétition qu’anonymisées`,
    };
  },
  checks: [
    {
      name: 'special-category-declared',
      description: {
        en: 'a migration touching patient identifiers or health columns declares purpose and approvedBy (GDPR Art. 9)',
        fr: 'une migration qui touche des identifiants de patients ou des colonnes de santé déclare purpose et approvedBy (RGPD art. 9)',
      },
      appliesTo: 'every-migration',
      directions: ['up', 'down'],
      prepare(migration, view) {
        const touched = specialCategoryTouched(migration, view.schema);
        if (touched.tables.length === 0 && touched.names.length === 0) return [];
        const what = [...touched.tables, ...touched.names.filter((n) => !touched.tables.includes(n))].join(', ');
        const missing = declared(migration);
        if (missing.length === 0) return [];
        return [
          {
            en: `it touches special-category data (${what}): ${missing.map((p) => p.en).join(' and ')}`,
            fr: `elle touche des données de catégorie particulière (${what}) : ${missing.map((p) => p.fr).join(' et ')}`,
          },
        ];
      },
    },
    {
      name: 'access-audit',
      description: {
        en: 'every run touching special-category data writes an access entry (who, tables, rows; no values)',
        fr: 'chaque exécution qui touche des données de catégorie particulière écrit une entrée d’accès (qui, tables, lignes ; aucune valeur)',
      },
      appliesTo: 'every-migration',
      directions: ['up', 'down'],
      async verify(ctx, _before, view) {
        const { tables, rows } = accessed(ctx, await view.schema());
        if (tables.length > 0) await ctx.audit.access(accessEntry(ctx, tables, rows, ctx.direction === 'up' ? 'applied' : 'reverted'));
        return [];
      },
      async onFailure(ctx, _before, view) {
        const { tables, rows } = accessed(ctx, await view.schema());
        if (tables.length > 0) await ctx.audit.access(accessEntry(ctx, tables, rows, ctx.error?.outcome ?? 'failed'));
      },
    },
  ],
  templates: { ts: santeTemplate },
};

function accessEntry(ctx: MigrationHookContext, tables: string[], rows: number, outcome: string) {
  return {
    tables,
    rows,
    outcome,
    ...(ctx.migration.sector ? { sector: ctx.migration.sector } : {}),
    ...(ctx.migration.purpose ? { purpose: ctx.migration.purpose } : {}),
    ...(ctx.migration.approvedBy ? { approvedBy: ctx.migration.approvedBy } : {}),
  };
}
