import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BenchMigration } from './migration-names.ts';

/**
 * Writes one dihya-migrate SQL file per migration (`<name>.sql` with `-- migrate:up` /
 * `-- migrate:down` sections). The umzug run reads the same files.
 *
 * @example
 * writeSqlMigrations('/tmp/x/migrations', benchMigrations(3)) // 3 files
 */
export function writeSqlMigrations(dir: string, migrations: BenchMigration[]): void {
  for (const m of migrations) {
    writeFileSync(path.join(dir, `${m.name}.sql`), `-- migrate:up\n${m.upSql}\n-- migrate:down\n${m.downSql}\n`);
  }
}

/**
 * Writes one knex migration per migration (`<name>.mjs` exporting `up`/`down`), each sending
 * the same SQL through `knex.raw`, so all three tools run identical statements.
 *
 * @example
 * writeKnexMigrations('/tmp/x/migrations', benchMigrations(3)) // 3 files
 */
export function writeKnexMigrations(dir: string, migrations: BenchMigration[]): void {
  for (const m of migrations) {
    const text = [
      `export async function up(knex) {`,
      `  await knex.raw(${JSON.stringify(m.upSql)});`,
      `}`,
      ``,
      `export async function down(knex) {`,
      `  await knex.raw(${JSON.stringify(m.downSql)});`,
      `}`,
      ``,
    ].join('\n');
    writeFileSync(path.join(dir, `${m.name}.mjs`), text);
  }
}
