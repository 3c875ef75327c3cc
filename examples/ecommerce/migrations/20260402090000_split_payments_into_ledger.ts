import type { MigrationDefinition } from 'dihya-migrate';

/** Double-entry bookkeeping: every payment becomes a ledger entry; the totals per currency must not move. */
export default {
  description: 'Split payments into ledger entries',
  sector: 'ecommerce',
  author: 'shop team',
  sectorRules: {
    amounts: {
      from: { table: 'payments', amount: 'amount_cents', currency: 'currency' },
      to: { table: 'ledger_entries', amount: 'amount_cents', currency: 'currency' },
    },
  },
  async up({ db, sql }) {
    await db.schema
      .createTable('ledger_entries')
      .addColumn('id', 'integer', (c) => c.primaryKey())
      .addColumn('payment_id', 'integer', (c) => c.notNull().references('payments.id'))
      .addColumn('kind', 'varchar(10)', (c) => c.notNull())
      .addColumn('amount_cents', 'bigint', (c) => c.notNull())
      .addColumn('currency', 'char(3)', (c) => c.notNull())
      .execute();
    await sql`insert into ledger_entries (id, payment_id, kind, amount_cents, currency) select id, id, 'capture', amount_cents, currency from payments`.execute(
      db,
    );
  },
  async down({ db }) {
    await db.schema.dropTable('ledger_entries').execute();
  },
} satisfies MigrationDefinition;
