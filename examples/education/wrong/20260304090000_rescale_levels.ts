import type { MigrationDefinition } from 'dihya-migrate';

/** Wrong on purpose: levels end up on 0–5, and the T2 grades move to a term that does not exist (the éducation pack rolls it back). */
export default {
  description: 'Rescale competency levels',
  sector: 'education',
  sectorRules: { grades: { table: 'grades', column: 'level', scale: { min: 1, max: 4 } } },
  async up({ db, sql }) {
    await sql`update grades set level = score / 4`.execute(db);
    await sql`update grades set term = 'T9' where term = 'T2'`.execute(db);
  },
} satisfies MigrationDefinition;
