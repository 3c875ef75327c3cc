import type { MigrationDefinition } from 'dihya-migrate';

/** Wrong on purpose: it touches health data without saying why nor who approved it (the santé pack refuses it). */
export default {
  description: 'Add an ICD-10 code to consultations',
  sector: 'sante',
  async up({ db }) {
    await db.schema.alterTable('consultations').addColumn('icd10_code', 'varchar(8)').execute();
  },
} satisfies MigrationDefinition;
