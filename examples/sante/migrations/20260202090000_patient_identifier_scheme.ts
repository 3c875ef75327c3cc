import type { MigrationDefinition } from 'dihya-migrate';

/** Move patients from the legacy numbers to the regional identifier scheme (PAT-000001). */
export default {
  description: 'Give every patient an identifier of the new scheme (PAT-000001)',
  sector: 'sante',
  author: 'clinic IT team',
  purpose: 'Align patient identifiers with the regional health network',
  approvedBy: 'data protection officer',
  checks: { notNull: ['patients.patient_ref'], rowCounts: { patients: 3 } },
  async up({ db }) {
    await db.schema.alterTable('patients').addColumn('patient_ref', 'varchar(20)').execute();
    const patients = await db.selectFrom('patients').select('id').execute();
    for (const { id } of patients) {
      await db
        .updateTable('patients')
        .set({ patient_ref: `PAT-${String(id).padStart(6, '0')}` })
        .where('id', '=', id)
        .execute();
    }
  },
  async down({ db }) {
    await db.schema.alterTable('patients').dropColumn('patient_ref').execute();
  },
} satisfies MigrationDefinition;
