/** The config `init` writes. Type-only import: it runs without dihya-migrate being resolvable. */
export const CONFIG_TEMPLATE = `import type { UserConfig } from 'dihya-migrate';

export default {
  // Database URL: sqlite:./app.db, postgres://user@host:5432/db or mysql://user@host:3306/db.
  // DIHYA_URL and --url override it. Keep passwords out of this file: use the environment.
  url: process.env.DATABASE_URL ?? 'sqlite:./dihya.db',
  migrationsDir: 'migrations',
} satisfies UserConfig;
`;

/** A new TypeScript migration. */
export function typescriptMigrationTemplate(slug: string): string {
  return `import type { MigrationDefinition } from 'dihya-migrate';

export default {
  description: '${slug.replace(/[_-]/g, ' ')}',
  async up({ db, sql }) {
    // await db.schema.alterTable('customers').addColumn('phone', 'varchar(32)').execute();
  },
  async down({ db }) {
    // await db.schema.alterTable('customers').dropColumn('phone').execute();
  },
} satisfies MigrationDefinition;
`;
}

/** A new SQL migration. */
export function sqlMigrationTemplate(slug: string): string {
  return `-- ${slug.replace(/[_-]/g, ' ')}
-- migrate:up

-- migrate:down

`;
}
