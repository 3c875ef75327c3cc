import type { MigrationDefinition } from 'dihya-migrate';

/** Record known allergies (health data) next to the patient. */
export default {
  description: 'Add a known-allergies column to patients',
  sector: 'sante',
  author: 'clinic IT team',
  purpose: 'Warn prescribers about known allergies (patient safety)',
  approvedBy: 'chief medical officer',
  async up({ db }) {
    await db.schema.alterTable('patients').addColumn('allergies', 'varchar(200)').execute();
  },
  async down({ db }) {
    await db.schema.alterTable('patients').dropColumn('allergies').execute();
  },
} satisfies MigrationDefinition;
