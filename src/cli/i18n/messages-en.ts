import { backfillEn } from './backfill-en.ts';
import { dwebEn } from './dweb-en.ts';
import { sqlFilesEn } from './sql-files-en.ts';

import { monitorEn, monitorHelpEn } from './monitor-en.ts';
import { privacyEn } from './privacy-en.ts';
import { rehearseEn } from './rehearse-en.ts';

/** Every text the CLI prints, in English; `messages-fr.ts` has the same keys in French. */
export const en = {
  ...sqlFilesEn,
  labels: {
    error: 'error',
    hint: 'hint',
    problem: 'problem',
  },
  help: {
    program: 'Safe-by-construction custom database migrations for PostgreSQL, MariaDB/MySQL and SQLite.',
    config: 'config file (default: dihya.config.ts|js|json in the current folder)',
    url: 'database URL, overrides the config and DIHYA_URL',
    migrations: 'migrations folder, overrides the config',
    lockTimeout: 'how long to wait for another run, in ms',
    json: 'print one JSON document instead of text',
    lang: 'language of messages: en or fr (default: from LANG)',
    init: 'create dihya.config.ts and the migrations folder',
    new: 'create a migration file named YYYYMMDDHHMMSS_<slug>.ts (or .sql)',
    newSql: 'write an SQL migration instead of TypeScript',
    status: 'list migrations with their state, schema changes and any drift',
    plan: 'dry run: show the SQL that `up` would send, change nothing',
    to: 'stop after this version',
    up: 'back up, then apply pending migrations with checks after each one',
    dryRun: 'same as `plan`',
    outOfOrder: 'also apply pending migrations older than the last applied one',
    atomic: 'apply all pending migrations in one transaction: all or nothing (SQLite, PostgreSQL)',
    down: 'revert the last applied migration (or --steps N, or all after --to)',
    steps: 'how many migrations to revert',
    downTo: 'revert every migration applied after this version',
    validate: 'check every migration file and the history, change nothing; non-zero exit on any problem',
    resolve: 'settle a migration a crash left half-done outside a transaction',
    applied: 'it did complete: mark it applied',
    rolledBack: 'it left nothing behind (or you undid it): forget it',
    backup: 'backups of the database: list, create, verify, restore',
    backupList: "list this database's backups, newest first",
    backupCreate: 'take a backup now',
    reason: 'why (kept in the manifest)',
    backupVerify: 'restore a backup (default: the latest) into a scratch database and compare schema and row counts',
    backupRestore: 'replace the database with a backup (the current state is backed up first)',
    backupPin: 'keep a backup whatever retention says',
    backupUnpin: 'let retention remove a pinned backup again',
    backupPrune: 'remove old backups now (per run; never pinned ones nor the newest good one)',
    keep: 'how many runs to keep (default: backup.keep)',
    olderThan: 'also remove backups older than this (e.g. 30d, 12h)',
    abandonRestore: 'forget an interrupted restore, keeping the database as it is',
    undo: 'undo it from the backups taken just before its changes (only the tables it touched)',
    yes: 'confirm: the whole database is replaced',
    audit: 'the tamper-evident audit log: show, verify',
    auditShow: 'print the last audit entries',
    limit: 'how many (default 50)',
    auditVerify: 'check every entry, the hash chain and the database mirror',
    ...monitorHelpEn,
    demo: 'run the whole workflow on a throw-away SQLite database in .dihya/demo',
  },
  status: {
    target: (url: string) => `target: ${url}`,
    none: 'no migrations yet (create one with `dihya-migrate new <slug>`)',
    headers: ['version', 'name', 'state', 'applied at', 'ms', 'by', 'schema change'],
    summary: (recorded: number, pending: number) => `${recorded} applied or recorded, ${pending} pending`,
    states: {
      applied: 'applied',
      pending: 'pending',
      edited: 'edited',
      missing: 'missing',
      renamed: 'renamed',
      interrupted: 'interrupted',
      'out-of-order': 'out-of-order',
    } as Record<string, string>,
  },
  plan: {
    upToDate: 'nothing to apply: the database is up to date',
    outsideTransaction: ' (outside a transaction)',
    stopped: (reason: string) => `-- (dry run stopped here: ${reason}; the rest depends on data)`,
    summary: (n: number) => `${n} migration(s) would be applied; run \`dihya-migrate up\` to apply them`,
    schemaChanges: (summary: string) => `-- schema: ${summary}`,
    noSchemaChange: 'no schema change',
    noSchemaPreview: (reason: string) => `-- (schema changes not predicted: ${reason})`,
    failsOnScratch: (reason: string) => `-- FAILS on a schema-only copy of the database: ${reason}`,
    notTried: (failing: string) => `-- (not tried: ${failing} fails before it)`,
  },
  up: {
    upToDate: 'nothing to apply: the database is up to date',
    applied: (n: number) => `applied ${n} migration(s)`,
  },
  down: {
    nothing: 'nothing to revert',
    reverted: (n: number) => `reverted ${n} migration(s)`,
  },
  run: {
    /** The last line of a failed `up` or `down`. */
    failedSummary: (direction: string, done: number, failed: string, outcome: string, notRun: number, backup: string, restored: string) =>
      `run failed: ${done} ${direction === 'down' ? 'reverted' : 'applied'}, ` +
      (failed ? `${failed} failed (${outcome}), ` : '') +
      `${notRun} not run` +
      (restored && restored !== '-' ? `; backup ${restored} restored` : backup ? `; backup taken before the run: ${backup}` : ''),
    outcomes: { 'rolled-back': 'rolled back, nothing kept', restored: 'its changes undone from the backup', partial: 'may be partly applied' } as Record<
      string,
      string
    >,
  },
  validate: {
    ok: (files: number, applied: number, pending: number) => `ok: ${files} migration file(s) well formed, ${applied} applied unchanged, ${pending} pending`,
  },
  resolve: {
    done: (version: string, outcome: string) => `${version} marked as ${outcome}`,
    undone: (version: string, tables: string[]) => `${version} undone: restored ${tables.join(', ') || 'nothing'}; it is pending again`,
    abandoned: (backup: string) => `forgot the interrupted restore of backup ${backup}; the database stays as it is`,
  },
  init: {
    created: (file: string) => `created ${file}`,
    next: 'next: `dihya-migrate new add_something` then `dihya-migrate plan` and `dihya-migrate up`',
    ignored: (folder: string) => `added ${folder} to .gitignore (backups there hold personal data)`,
  },
  progress: {
    lockWaited: (ms: number) => `lock acquired after waiting ${ms} ms`,
    applying: (name: string) => `→ applying ${name}`,
    reverting: (name: string) => `← reverting ${name}`,
    outsideTransaction: ' (outside a transaction)',
    retry: (attempt: number, ms: number) => `  table lock not granted (attempt ${attempt}); retrying in ${ms} ms`,
    done: (ms: number) => `  done in ${ms} ms`,
    schemaChange: (summary: string) => `  schema: ${summary}`,
    failedRolledBack: '  failed (rolled back, nothing kept)',
    failedPartial: '  failed (may be partly applied)',
    backup: (id: string, method: string, ms: number) => `backup ${id} taken (${method}, ${ms} ms)`,
    restored: (id: string, tables: string[]) =>
      tables.length > 0
        ? `restored the tables it touched (${tables.join(', ')}) as they were before it${id === '-' ? '' : ` (backup ${id})`}`
        : `restored backup ${id}: the database is as it was before the migration`,
  },
  backup: {
    none: 'no backups of this database yet (they are taken before every run, or with `dihya-migrate backup create`)',
    headers: ['id', 'taken at', 'kind', 'method', 'size', 'tables', 'last applied', 'reason'],
    pinned: ' (pinned)',
    unreadable: (id: string, reason: string) => `unreadable backup folder ${id}: ${reason} (never restored; remove it by hand once looked at)`,
    pinnedNow: (id: string) => `pinned backup ${id}: retention and \`backup prune\` keep it`,
    unpinnedNow: (id: string) => `unpinned backup ${id}`,
    pruned: (ids: string[]) => (ids.length === 0 ? 'nothing to prune' : `removed ${ids.length} backup(s): ${ids.join(', ')}`),
    created: (id: string, method: string, size: string, ms: number) => `created backup ${id} (${method}, ${size}, ${ms} ms)`,
    verified: (id: string, tables: number) =>
      `ok: backup ${id} restores into a scratch database with the recorded schema hash and the row counts of ${tables} table(s); files match their SHA-256`,
    restored: (id: string) => `restored backup ${id}; the database now has its recorded schema and row counts`,
    safetyBackup: (id: string) => `the state before the restore was saved as backup ${id}`,
  },
  audit: {
    none: (file: string) => `no audit entries yet (${file})`,
    ok: (n: number, file: string) => `ok: ${n} audit entries, every hash and link intact, identical to the database mirror (${file})`,
    noFile: (file: string, n: number, keyed: boolean) =>
      `no audit file here (${file}): the database mirror's ${n} entries were checked alone, and the next write to the audit (this command's own access entry, when recorded) rebuilds the file from them, ` +
      (keyed
        ? 'after checking them against DIHYA_AUDIT_KEY'
        : 'vouched for by their own hashes only (a mirror rewritten with recomputed hashes would be copied as it is)'),
    sealed: (from: number, last: number) =>
      `sealed with DIHYA_AUDIT_KEY: every MAC and the keyed head match (entries ${from} to ${last}${from > 1 ? `; entries before ${from} were written before the key was set` : ''})`,
    unkeyed: (sealed: number) =>
      `not keyed: the hashes show accidental damage, but someone who can write both the file and the mirror could rewrite them unnoticed. ` +
      `Set DIHYA_AUDIT_KEY (e.g. \`openssl rand -hex 32\`, from your secret store) to seal the audit${sealed > 0 ? ` and check the MACs of its ${sealed} sealed entries` : ''}`,
    history: (n: number) =>
      `the history agrees with the audit: ${n} applied migration(s), each with its migration.applied entry, and no applied entry without its row`,
  },
  demo: {
    intro: (db: string) => `dihya-migrate demo: SQLite database ${db}, migrations copied from examples/demo\n`,
    status0: '== status (nothing applied yet)',
    plan: '\n== plan (dry run: the SQL `up` would send)',
    planLine: (name: string, n: number, partial: boolean) => `-- ${name}: ${n} statement(s)${partial ? ' (data-dependent, followed partly)' : ''}`,
    up: '\n== up (a verified backup first, then each migration in its transaction, checked)',
    status: '\n== status',
    down: '\n== down (revert the last migration)',
    upAgain: '\n== up again',
    validate: '\n== validate',
    validated: (files: number, applied: number, pending: number) => `ok: ${files} files, ${applied} applied unchanged, ${pending} pending`,
    backups: '\n== backup list, then backup verify (restore the latest into a scratch database)',
    audit: '\n== audit verify (tamper-evident log)',
    finished: (applied: number, reverted: number, reapplied: number) =>
      `\ndemo finished: ${applied} applied, ${reverted} reverted, ${reapplied} re-applied. Explore it with:`,
  },
  ...dwebEn,
  monitor: monitorEn,
  ...privacyEn,
  ...rehearseEn,
  ...backfillEn,
};

export type Messages = typeof en;
