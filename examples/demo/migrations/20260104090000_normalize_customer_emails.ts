import type { MigrationDefinition } from 'dihya-migrate';

/** A data correction: store every e-mail address in lower case, and prove none is left. */
export default {
  description: 'Store customer e-mail addresses in lower case',
  async up({ db, sql }) {
    await db
      .updateTable('customers')
      .set({ email: sql`lower(email)` })
      .where('email', '<>', sql`lower(email)`)
      .execute();
  },
  async verify({ db, sql }) {
    const left = await db
      .selectFrom('customers')
      .select(sql<number>`count(*)`.as('n'))
      .where('email', '<>', sql`lower(email)`)
      .executeTakeFirstOrThrow();
    return Number(left.n) === 0;
  },
  async down() {
    // The original casing is not kept (it carried no meaning); nothing to undo.
  },
} satisfies MigrationDefinition;
