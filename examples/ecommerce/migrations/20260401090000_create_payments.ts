import type { MigrationDefinition } from 'dihya-migrate';

/** A shop's payments: amounts in integer minor units (cents), ISO 4217 currencies. */
export default {
  description: 'Create payments (amounts in cents, ISO 4217 currency)',
  sector: 'ecommerce',
  author: 'shop team',
  async up({ db }) {
    await db.schema
      .createTable('payments')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('order_ref', 'varchar(20)', (c) => c.notNull())
      .addColumn('amount_cents', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'char(3)', (c) => c.notNull())
      .execute();
    await db
      .insertInto('payments')
      .values([
        { id: 1, order_ref: 'ORD-1001', amount_cents: 4990, currency: 'EUR' },
        { id: 2, order_ref: 'ORD-1002', amount_cents: 12500, currency: 'EUR' },
        { id: 3, order_ref: 'ORD-1003', amount_cents: 1999, currency: 'USD' },
        { id: 4, order_ref: 'ORD-1004', amount_cents: 350000, currency: 'DZD' },
      ])
      .execute();
  },
  async down({ db }) {
    await db.schema.dropTable('payments').execute();
  },
} satisfies MigrationDefinition;
