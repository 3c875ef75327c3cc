import type { MigrationDefinition } from 'dihya-migrate';

/** Teachers' comments per student and term, in French and English. */
export default {
  description: 'Create bilingual term comments',
  sector: 'education',
  author: 'school IT team',
  async up({ db }) {
    await db.schema
      .createTable('term_comments')
      .addColumn('student_id', 'integer', (c) => c.notNull().references('students.id'))
      .addColumn('term', 'varchar(10)', (c) => c.notNull())
      .addColumn('comment_fr', 'varchar(500)')
      .addColumn('comment_en', 'varchar(500)')
      .addPrimaryKeyConstraint('term_comments_pk', ['student_id', 'term'])
      .execute();
  },
  async down({ db }) {
    await db.schema.dropTable('term_comments').execute();
  },
} satisfies MigrationDefinition;
