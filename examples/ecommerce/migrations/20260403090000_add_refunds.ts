import type { MigrationDefinition } from 'dihya-migrate';

/** Refunds are recorded as their own ledger entries; a refunded amount is kept in cents too. */
export default {
  description: 'Add the refunded amount of each payment (cents, default 0)',
  sector: 'ecommerce',
  author: 'shop team',
  async up({ db }) {
    await db.schema
      .alterTable('payments')
      .addColumn('refunded_cents', 'bigint', (c) => c.notNull().defaultTo(0))
      .execute();
  },
  async down({ db }) {
    await db.schema.alterTable('payments').dropColumn('refunded_cents').execute();
  },
} satisfies MigrationDefinition;
