import { CompiledQuery, PostgresDialect } from 'kysely';
import pg from 'pg';
import { DihyaError, reasonOf } from '../../../errors/dihya-error.ts';
import { assembleTarget } from '../../assemble-target.ts';
import { sqlLiteral } from '../../sql-literal.ts';
import type { TargetSpec } from '../../parse-url.ts';
import { redactUrl } from '../../../privacy/redaction/redact-url.ts';
import type { Target } from '../../target.ts';
import { postgresBackupDriver } from './backup-driver.ts';
import { snapshotPostgresSchema } from './introspect.ts';
import { postgresCapabilities } from './capabilities.ts';
import { acquirePostgresLock } from './lock.ts';
import { updatePostgresRows } from './row-updates.ts';
import { postgresSessionState } from './session-state.ts';
import { copyFromStdin, installInlineCopy } from './inline-copy.ts';
import { heldUntilNext } from '../../held-statements.ts';
import { answerWithLastResult, postgresBatching } from './statement-batch.ts';
import { preparePerSession } from './prepared-statements.ts';

/** Turns idle_session_timeout off for this session where the server has it (PostgreSQL 14 and later). */
const KEEP_IDLE_SESSION_SQL = "select set_config('idle_session_timeout', '0', false) where current_setting('server_version_num')::int >= 140000";

/**
 * Connects to PostgreSQL through a small `pg` pool and checks the connection at once.
 *
 * @example
 * const target = await connectPostgres(parseTargetUrl('postgres://postgres@127.0.0.1:5432/app'))
 */
export async function connectPostgres(spec: Extract<TargetSpec, { dialect: 'postgres' }>): Promise<Target> {
  const clientConfig: pg.ClientConfig = { connectionString: spec.url, connectionTimeoutMillis: 10_000 };
  const pool = new pg.Pool({ ...clientConfig, max: 4, application_name: 'dihya-migrate' });
  pool.on('error', () => undefined);
  // A session ended from the server side (a deadline, an admin) must not crash the process while checked out.
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
    // `COPY … FROM stdin` with its data in a SQL migration (pg_dump's data sections)
    installInlineCopy(client);
    // PostgreSQL 14+: a server-wide idle_session_timeout must not end a run's session while it waits
    // between steps (a step backup, a slow TypeScript step on another session): queued before any other query.
    client.query(KEEP_IDLE_SESSION_SQL).catch(() => undefined);
    answerWithLastResult(client);
    preparePerSession(client);
  });
  try {
    (await pool.connect()).release();
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw new DihyaError('CONNECTION_FAILED', { url: redactUrl(spec.url), reason: reasonOf(error) }, { cause: error });
  }
  return assembleTarget({
    spec,
    dialect: new PostgresDialect({ pool }),
    capabilities: postgresCapabilities,
    sessionState: postgresSessionState,
    copyFromStdin,
    acquireLock: (_db, options) => acquirePostgresLock(clientConfig, options),
    snapshotSchema: snapshotPostgresSchema,
    updateRowsByKey: updatePostgresRows,
    backup: postgresBackupDriver(spec),
    sessionControl: {
      sessionIdSql: 'select pg_backend_pid() as id',
      endSession: async (id) => {
        const admin = new pg.Client({ ...clientConfig, application_name: 'dihya-migrate deadline' });
        admin.on('error', () => undefined);
        await admin.connect();
        try {
          await admin.query('select pg_terminate_backend($1::int)', [Number(id)]);
        } finally {
          await admin.end().catch(() => undefined);
        }
      },
    },
    tableExistsSql: (name) => `select 1 where to_regclass(${sqlLiteral(name)}) is not null`,
    // Sent with the transaction's BEGIN and its first statement, in one round trip.
    setLockTimeout: async (trx, ms) => {
      await trx.executeQuery(heldUntilNext(CompiledQuery.raw(`set local lock_timeout = '${Math.max(1, Math.floor(ms))}ms'`)));
    },
    batching: postgresBatching,
    release: async () => {
      if (!pool.ended) await pool.end();
    },
    isLockTimeout: (error) => (error as { code?: string } | null)?.code === '55P03',
  });
}
