import type { MigrationDefinition } from 'dihya-migrate';

/** Translate every grade out of 20 into the four-level competency scale (1 insufficient … 4 very good). */
export default {
  description: 'Add the competency level (1–4) of every grade, from its score out of 20',
  sector: 'education',
  author: 'school IT team',
  sectorRules: { grades: { table: 'grades', column: 'level', scale: { min: 1, max: 4 } } },
  async up({ db, sql }) {
    await db.schema.alterTable('grades').addColumn('level', 'integer').execute();
    await sql`update grades set level = case when score >= 16 then 4 when score >= 12 then 3 when score >= 8 then 2 else 1 end`.execute(db);
  },
  async down({ db }) {
    await db.schema.alterTable('grades').dropColumn('level').execute();
  },
} satisfies MigrationDefinition;
