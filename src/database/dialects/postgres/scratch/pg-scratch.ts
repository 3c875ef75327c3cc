import type { ScratchDatabase } from '../../../backup-driver.ts';
import { scratchDatabaseName } from '../../../scratch-name.ts';
import type { TargetSpec } from '../../../parse-url.ts';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';
import { openPgClient, pgError } from '../session/pg-connection.ts';
import { pgServerMajor } from '../session/pg-snapshot.ts';
import { quotePgIdent, quotePgLiteral } from '../session/pg-sql-text.ts';

/** PostgreSQL truncates identifiers longer than this many bytes. */
const MAX_NAME_BYTES = 63;

/**
 * Creates `<db>_dihya_scratch_<random>` (at most 63 bytes) on the target's server, empty
 * (from template0) and with the target's encoding and locale. The URL is the target's with the
 * database name replaced; `drop()` runs `DROP DATABASE … WITH (FORCE)`. Needs CREATEDB.
 *
 * @example
 * const scratch = await createPgScratch(spec) // { url: 'postgres://app@db:5432/shop_dihya_scratch_3f9a1c2b', drop }
 * try { … } finally { await scratch.drop() }
 */
export async function createPgScratch(spec: Extract<TargetSpec, { dialect: 'postgres' }>): Promise<ScratchDatabase> {
  const name = scratchDatabaseName(spec.database, MAX_NAME_BYTES);
  const client = await openPgClient(spec.url);
  try {
    const { rows } = await client.query<{ encoding: string; collate: string; ctype: string; provider: string | null; icu: string | null }>(
      `SELECT pg_catalog.pg_encoding_to_char(encoding) AS encoding, datcollate AS collate, datctype AS ctype, ${localeColumns(await pgServerMajor(client))}
         FROM pg_catalog.pg_database WHERE datname = pg_catalog.current_database()`,
    );
    const db = rows[0]!;
    let locale = `ENCODING ${quotePgLiteral(db.encoding)} LC_COLLATE ${quotePgLiteral(db.collate)} LC_CTYPE ${quotePgLiteral(db.ctype)}`;
    if (db.provider === 'i' && db.icu) locale += ` LOCALE_PROVIDER icu ICU_LOCALE ${quotePgLiteral(db.icu)}`;
    if (db.provider === 'b' && db.icu) locale += ` LOCALE_PROVIDER builtin BUILTIN_LOCALE ${quotePgLiteral(db.icu)}`;
    await client.query(`CREATE DATABASE ${quotePgIdent(name)} TEMPLATE template0 ${locale}`);
  } catch (error) {
    throw pgError(`Could not create the scratch database ${name} next to ${redactUrl(spec.url)}`, error, spec.url);
  } finally {
    await client.end().catch(() => undefined);
  }
  const url = new URL(spec.url);
  url.pathname = `/${encodeURIComponent(name)}`;
  return {
    url: url.toString(),
    async drop() {
      const admin = await openPgClient(spec.url);
      try {
        await admin.query(`DROP DATABASE IF EXISTS ${quotePgIdent(name)} WITH (FORCE)`);
      } catch (error) {
        throw pgError(`Could not drop the scratch database ${name}`, error, spec.url);
      } finally {
        await admin.end().catch(() => undefined);
      }
    },
  };
}

/** The locale provider columns of pg_database: added in 15, daticulocale renamed datlocale in 17. */
function localeColumns(major: number): string {
  if (major >= 17) return 'datlocprovider::text AS provider, datlocale AS icu';
  if (major >= 15) return 'datlocprovider::text AS provider, daticulocale AS icu';
  return 'NULL AS provider, NULL AS icu';
}
