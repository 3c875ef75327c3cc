import { createHash } from 'node:crypto';
import path from 'node:path';
import { redactText } from '../privacy/redaction/redact.ts';
import type { TargetSpec } from './parse-url.ts';

/**
 * A short, credential-free, file-name-safe name for a database, used to keep each database's
 * audit log and backups apart. Redacted before it is made file-name-safe: a SQLite file named
 * `0612345678.db` or `jane.doe@example.org.db` gives `sqlite-_phone_.db-…` or `sqlite-_email_-…`.
 *
 * @example
 * targetKey(parseTargetUrl('postgres://app:pw@db.internal:5432/shop')) // 'postgres-db.internal-5432-shop'
 * targetKey(parseTargetUrl('sqlite:./app.db'))                        // 'sqlite-app.db-3f2a9c1e'
 */
export function targetKey(spec: TargetSpec): string {
  const raw =
    'file' in spec
      ? `sqlite-${redactText(path.basename(spec.file))}-${createHash('sha256').update(spec.file).digest('hex').slice(0, 8)}`
      : `${spec.dialect}-${redactText(spec.host)}-${spec.port}-${redactText(spec.database)}`;
  return raw.replace(/[^A-Za-z0-9._-]/g, '_');
}
