import type { MigrationDefinition } from 'dihya-migrate';

/** Wrong on purpose: rounding euro payments down to the euro loses money (the ecommerce pack rolls it back). */
export default {
  description: 'Round euro payments to the euro',
  sector: 'ecommerce',
  async up({ db, sql }) {
    await sql`update payments set amount_cents = amount_cents - (amount_cents % 100) where currency = 'EUR'`.execute(db);
  },
} satisfies MigrationDefinition;
