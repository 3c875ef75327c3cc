import type { MigrationDefinition } from 'dihya-migrate';

/** A small clinic: patients and their consultations (health data: special category, GDPR Art. 9). */
export default {
  description: 'Create patients and consultations',
  sector: 'sante',
  author: 'clinic IT team',
  purpose: 'Keep the medical record of the clinic’s patients (care, GDPR Art. 9(2)(h))',
  approvedBy: 'data protection officer',
  async up({ db }) {
    await db.schema
      .createTable('patients')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('legacy_number', 'varchar(20)', (c) => c.notNull())
      .addColumn('full_name', 'varchar(100)', (c) => c.notNull())
      .addColumn('birth_year', 'integer')
      .execute();
    await db.schema
      .createTable('consultations')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('patient_id', 'integer', (c) => c.notNull().references('patients.id'))
      .addColumn('diagnosis', 'varchar(200)')
      .addColumn('visited_on', 'varchar(10)', (c) => c.notNull())
      .execute();
    await db
      .insertInto('patients')
      .values([
        { id: 1, legacy_number: 'L-17', full_name: 'Patient One', birth_year: 1961 },
        { id: 2, legacy_number: 'L-18', full_name: 'Patient Two', birth_year: 1984 },
        { id: 3, legacy_number: 'L-21', full_name: 'Patient Three', birth_year: 2002 },
      ])
      .execute();
    await db
      .insertInto('consultations')
      .values([
        { id: 1, patient_id: 1, diagnosis: 'hypertension', visited_on: '2026-01-05' },
        { id: 2, patient_id: 1, diagnosis: 'follow-up', visited_on: '2026-02-02' },
        { id: 3, patient_id: 2, diagnosis: 'sprained ankle', visited_on: '2026-01-19' },
        { id: 4, patient_id: 3, diagnosis: 'seasonal allergy', visited_on: '2026-03-11' },
      ])
      .execute();
  },
  async down({ db }) {
    await db.schema.dropTable('consultations').execute();
    await db.schema.dropTable('patients').execute();
  },
} satisfies MigrationDefinition;
