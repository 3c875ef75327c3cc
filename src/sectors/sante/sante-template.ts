/**
 * The migration `new <slug> --sector sante` writes: health data needs a purpose and an approver.
 *
 * @example
 * santeTemplate('add_blood_type') // 'import type { MigrationDefinition } …'
 */
export function santeTemplate(slug: string): string {
  return `import type { MigrationDefinition } from 'dihya-migrate';

export default {
  description: '${slug.replace(/[_-]/g, ' ')}',
  sector: 'sante',
  // Health data is special-category data (GDPR Art. 9): say why it is processed and who approved it.
  purpose: 'TODO: why this migration processes patient data',
  approvedBy: 'TODO: name of the data protection officer who approved it',
  async up({ db, sql }) {
    // await db.schema.alterTable('patients').addColumn('blood_type', 'varchar(3)').execute();
  },
  async down({ db }) {
    // await db.schema.alterTable('patients').dropColumn('blood_type').execute();
  },
} satisfies MigrationDefinition;
`;
}
