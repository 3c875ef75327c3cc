import { pipeTools } from '../../../../tools/pipe-tools.ts';
import { redactUrl } from '../../../../privacy/redaction/redact-url.ts';
import type { PgClientTool } from '../session/pg-client-tools.ts';
import { PG_DUMP_SESSION_SQL } from '../session/pg-snapshot.ts';
import { pgToolConnection } from '../session/pg-tool-env.ts';

/**
 * pg_dump options for a schema-only copy the connecting user owns: no rows, no owners or
 * privileges (the copy belongs to whoever runs it, so every migration step is allowed there),
 * and nothing that lives outside the database or reaches other servers (tablespaces,
 * publications, subscriptions, security labels).
 *
 * @example
 * runTool({ command: pgDump.path, args: [...PG_SCHEMA_ONLY_DUMP_ARGS, '--no-password'], env })
 */
export const PG_SCHEMA_ONLY_DUMP_ARGS: readonly string[] = [
  '--schema-only',
  '--no-owner',
  '--no-privileges',
  '--no-tablespaces',
  '--no-publications',
  '--no-subscriptions',
  '--no-security-labels',
];

/**
 * Copies the schema of the database at `sourceUrl` into the empty database at `destinationUrl`:
 * `pg_dump --schema-only` piped into `psql --single-transaction -v ON_ERROR_STOP=1`, so the copy
 * is all or nothing and no row is read. The `public` schema the destination got from template0
 * is dropped first when the source has none. Passwords reach both tools through PGPASSWORD only.
 *
 * @example
 * await copyPgSchemaWithPgDump(targetUrl, scratch.url, { path: '/usr/bin/pg_dump', major: 15 }, '/usr/bin/psql', true)
 */
export async function copyPgSchemaWithPgDump(
  sourceUrl: string,
  destinationUrl: string,
  pgDump: PgClientTool,
  psql: string,
  publicSchema: boolean,
): Promise<void> {
  const source = pgToolConnection(sourceUrl);
  const destination = pgToolConnection(destinationUrl);
  const prefix = `${PG_DUMP_SESSION_SQL};\n${publicSchema ? '' : 'DROP SCHEMA IF EXISTS public;\n'}`;
  try {
    await pipeTools(
      { command: pgDump.path, args: [...PG_SCHEMA_ONLY_DUMP_ARGS, '--no-password'], env: source.env, secrets: [source.password] },
      {
        command: psql,
        args: ['--no-psqlrc', '--single-transaction', '--set=ON_ERROR_STOP=1', '--quiet', '--no-password'],
        env: destination.env,
        secrets: [destination.password],
      },
      prefix,
    );
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Copying the schema into ${redactUrl(destinationUrl)} failed (rolled back): ${reason}`, { cause: error });
  }
}
