import { input, runtime } from '../error-text.ts';

/**
 * Errors of the personal-data catalog and the GDPR commands (scan, anonymize, subject export and
 * erase, the erasure ledger). Details name tables, columns, files and counts, never a data value
 * nor a subject's id.
 */
export const privacyErrors = {
  PRIVACY_NOT_CONFIGURED: input<{ command: string; missing: string }>(
    (d) => `\`${d.command}\` needs ${d.missing} in the privacy section of the config`,
    () => 'Run `dihya-migrate privacy scan` for a catalog draft to paste into dihya.config.ts (privacy.columns, privacy.subjects).',
  ),
  PRIVACY_KEY_MISSING: input<{ command: string }>(
    (d) => `\`${d.command}\` needs the privacy key, and DIHYA_PRIVACY_KEY is not set`,
    () =>
      'Set DIHYA_PRIVACY_KEY in the environment (at least 16 characters, e.g. `openssl rand -hex 32`), from your secret store. ' +
      'Keep it: the same key gives the same pseudonyms, and the erasure ledger is matched with it.',
  ),
  PRIVACY_KEY_WEAK: input<{ length: number; minimum: number }>(
    (d) => `DIHYA_PRIVACY_KEY is ${d.length} characters long; at least ${d.minimum} are needed`,
    () => 'Use a longer random key, e.g. `openssl rand -hex 32`.',
  ),
  PRIVACY_KEY_MISMATCH: runtime<{ entries: number }>(
    (d) => `${d.entries} erasure(s) of the ledger were recorded with another DIHYA_PRIVACY_KEY`,
    () => 'Set DIHYA_PRIVACY_KEY to the key the erasures were made with, then run the command again: erased subjects are found by that key.',
  ),
  PRIVACY_CATALOG_UNKNOWN: input<{ entry: string; kind: 'table' | 'column'; name: string }>(
    (d) => `${d.entry} names the ${d.kind} ${d.name}, which does not exist in the database`,
    () => 'Fix the privacy section of the config (names as the database spells them), or run the migration that creates it first.',
  ),
  PRIVACY_CATALOG_INVALID: input<{ entry: string; reason: string }>(
    (d) => `${d.entry}: ${d.reason}`,
    () => 'Choose another strategy for this column in privacy.columns (see README: Privacy).',
  ),
  PRIVACY_UNDECLARED_COLUMNS: runtime<{ count: number; columns: string }>(
    (d) => `${d.count} column(s) hold personal data but are not in the catalog: ${d.columns}`,
    () => 'Declare each in privacy.columns (`dihya-migrate privacy scan` prints a draft), or list it in privacy.scan.ignore if it is not personal.',
  ),
  PRIVACY_LITERAL: input<{ file: string; line: number; kinds: string }>(
    (d) => `${d.file} line ${d.line} holds a personal value (${d.kinds})`,
    (d) =>
      'Personal values do not belong in migration files (they end up in git, reviews and backups). Read them from the data, ' +
      `or, for fixtures that must hold such values, name the file in privacy.literals.allow with why: { '${d.file}': 'test fixtures' }.`,
  ),
  PRIVACY_PRODUCTION: input<{ url: string }>(
    (d) => `${d.url} is marked production (privacy.production: true): anonymizing it in place is refused`,
    () => 'Anonymize into a copy instead: `dihya-migrate anonymize --into <url>` (or without --into, into a scratch database).',
  ),
  PRIVACY_NEEDS_CONFIRMATION: input<{ action: string; url: string }>(
    (d) => `${d.action} changes ${d.url} for good`,
    () => 'Run again with --yes to confirm. A backup is taken first (and keeps the original values: see README, Privacy).',
  ),
  PRIVACY_ANONYMIZE_MODE: input<{ reason: string }>(
    (d) => `anonymize: ${d.reason}`,
    () => 'Use `anonymize --into <url>` (a new database), `anonymize` alone (a scratch database it names), or `anonymize --in-place --yes`.',
  ),
  PRIVACY_INTO_INVALID: input<{ url: string; reason: string }>(
    (d) => `Cannot anonymize into ${d.url}: ${d.reason}`,
    () => 'Give an empty database of the same kind as the source (or none: a scratch database is created and named).',
  ),
  PRIVACY_NO_PRIMARY_KEY: input<{ table: string }>(
    (d) => `Table ${d.table} holds catalogued columns but has no primary key`,
    () => 'anonymize and subject erase work row by row through the primary key; add one to the table.',
  ),
  PRIVACY_UNKNOWN_SUBJECT: input<{ subject: string; known: string }>(
    (d) => `No data subject "${d.subject}" in privacy.subjects`,
    (d) => (d.known ? `Known subjects: ${d.known}.` : 'Declare one: privacy.subjects: { customer: { table: "customers", key: "id" } }.'),
  ),
  PRIVACY_SUBJECT_NOT_FOUND: input<{ subject: string; table: string }>(
    (d) => `No ${d.subject} with that id in ${d.table}`,
    () => 'Check the id (the value of the subject table’s key column). It is never printed nor logged.',
  ),
  PRIVACY_ERASURE_BLOCKED: input<{ table: string; column: string; references: string }>(
    (d) => `Erasure would delete rows of ${d.references} that ${d.table}.${d.column} still points to, and ${d.column} cannot be null`,
    (d) => `Make erasure delete ${d.table} too, or anonymize ${d.references} instead of deleting it (privacy.erasure), or let ${d.table}.${d.column} be null.`,
  ),
  PRIVACY_ERASURE_INCOMPLETE: runtime<{ table: string; column: string }>(
    (d) => `After the erasure, ${d.table}.${d.column} still held a catalogued value of the subject; nothing was changed (rolled back)`,
    () => 'Give that column a strategy that replaces the value (fake, hash, null or constant), or erase its table with `delete`.',
  ),
  PRIVACY_ANONYMIZE_INCOMPLETE: runtime<{ column: string; count: number }>(
    (d) => `After anonymization, ${d.count} original value(s) were still found in ${d.column}`,
    () => 'The result was not kept (rolled back, or the copy dropped). Give that column a strategy that replaces every value.',
  ),
  PRIVACY_UNIQUE_EXHAUSTED: runtime<{ column: string }>(
    (d) => `Could not find a fake value for ${d.column} that no other row has`,
    () => 'The column is unique and its values leave too little room for fakes; use `hash` for it.',
  ),
  PRIVACY_OUT_FILE: input<{ file: string; reason: string }>(
    (d) => `Cannot write ${d.file}: ${d.reason}`,
    () => 'Give --out a new file in a folder you can write to (it is written 0600: it holds personal data).',
  ),
};
