import type { MigrationDefinition } from 'dihya-migrate';

/** A school year: grades out of 20, one per (student, course, term). */
export default {
  description: 'Create students, courses and grades out of 20',
  sector: 'education',
  author: 'school IT team',
  sectorRules: { grades: { table: 'grades', column: 'score', scale: { min: 0, max: 20 } } },
  async up({ db }) {
    await db.schema
      .createTable('students')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('code', 'varchar(20)', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('courses')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('title', 'varchar(100)', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('grades')
      .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id'))
      .addColumn('course_id', 'integer', (c) => c.notNull().references('courses.id'))
      .addColumn('term', 'varchar(10)', (c) => c.notNull())
      .addColumn('score', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('grades_pk', ['student_id', 'course_id', 'term'])
      .execute();
    await db
      .insertInto('students')
      .values([
        { id: 1, code: 'S-001' },
        { id: 2, code: 'S-002' },
        { id: 3, code: 'S-003' },
      ])
      .execute();
    await db
      .insertInto('courses')
      .values([
        { id: 1, title: 'Mathématiques' },
        { id: 2, title: 'Français' },
      ])
      .execute();
    const scores = [
      [1, 1, 'T1', 17],
      [1, 2, 'T1', 12],
      [2, 1, 'T1', 8],
      [2, 2, 'T1', 15],
      [3, 1, 'T1', 5],
      [3, 2, 'T1', 20],
      [1, 1, 'T2', 14],
      [2, 1, 'T2', 11],
    ] as const;
    await db
      .insertInto('grades')
      .values(scores.map(([student_id, course_id, term, score]) => ({ student_id, course_id, term, score })))
      .execute();
  },
  async down({ db }) {
    await db.schema.dropTable('grades').execute();
    await db.schema.dropTable('courses').execute();
    await db.schema.dropTable('students').execute();
  },
} satisfies MigrationDefinition;
