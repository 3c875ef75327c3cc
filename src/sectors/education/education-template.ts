/**
 * The migration `new <slug> --sector education` writes: the grade scale it leaves is declared.
 *
 * @example
 * educationTemplate('grades_to_competencies') // 'import type { MigrationDefinition } …'
 */
export function educationTemplate(slug: string): string {
  return `import type { MigrationDefinition } from 'dihya-migrate';

export default {
  description: '${slug.replace(/[_-]/g, ' ')}',
  sector: 'education',
  // The grades this migration leaves, on which scale; none may be lost or duplicated per key.
  sectorRules: {
    grades: { table: 'grades', column: 'score', scale: { min: 0, max: 20 }, key: ['student_id', 'course_id', 'term'] },
  },
  async up({ db, sql }) {
    // await sql\`update grades set score = round(score)\`.execute(db);
  },
  async down({ db }) {
    // ...
  },
} satisfies MigrationDefinition;
`;
}
