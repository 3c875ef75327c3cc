import type { MigrationDefinition } from 'dihya-migrate';

/** The example migration: add a column, check it exists, and know how to take it away. */
export default {
  description: 'Add a nullable phone column to customers',
  async up({ db }) {
    await db.schema.alterTable('customers').addColumn('phone', 'varchar(32)').execute();
  },
  async verify({ db }) {
    const columns = (await db.introspection.getTables()).find((t) => t.name === 'customers')?.columns ?? [];
    return columns.some((c) => c.name === 'phone');
  },
  async down({ db }) {
    await db.schema.alterTable('customers').dropColumn('phone').execute();
  },
} satisfies MigrationDefinition;
