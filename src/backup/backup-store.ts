import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { BackupMethod } from '../database/backup-driver.ts';
import { connect } from '../database/connect.ts';
import { countRows } from '../database/row-counts.ts';
import { schemaHash } from '../database/schema-hash.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import { targetKey } from '../database/target-key.ts';
import type { Target } from '../database/target.ts';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import { redactDeep, redactText } from '../privacy/redaction/redact.ts';
import { makeTreePrivate, privateFolder } from '../util/private-files.ts';
import { VERSION } from '../version.ts';
import { readManifest, scopeOf, writeManifest, writeScope, MANIFEST_FILE, type BackupKind, type BackupManifest } from './backup-manifest.ts';
import { compareStates, readDatabaseState } from './database-state.ts';
import { fileDigest } from '../tools/file-digest.ts';
import { bothSettled } from '../util/both-settled.ts';
import { RestoreMarkerFile } from './restore-marker.ts';
import { backupsToPrune, type RetentionRule } from './retention.ts';
import { StepRecoveryFiles } from './step-recovery.ts';
import { watchFolderBytes, type BackupProgressListener } from './backup-progress.ts';

export interface BackupStoreOptions {
  /** Root folder of backups (a sub-folder per database). */
  dir: string;
  /** How many runs' backups of this database to keep (see backupsToPrune). */
  keep: number;
  /** `auto` or a dialect method name (`pg_dump`, `pg-copy`, `mysqldump`, `mysql-driver`). */
  method: BackupMethod | 'auto';
  /** dihya-migrate's tables that a backup leaves out and a restore never touches (lock, audit mirror, erasure ledger). */
  kept: string[];
  /** Tables left out of row counts and schema hash (the kept ones and the internal schema version). */
  exclude: string[];
  /** Told where backups, verifications and restores are, for a progress display. */
  onProgress?: BackupProgressListener;
  /** `backup.pgDumpCompression`: pg_dump's gzip level. */
  pgDumpCompression?: number;
}

/** How a backup is taken. */
export interface CreateOptions {
  kind?: BackupKind;
  /** The run it belongs to (kept and pruned together). */
  run?: string;
  /** The schema now without the excluded tables, when the caller has it already (the migration lock keeps it from changing). */
  schema?: SchemaSnapshot;
  /** Only these tables (a table-scoped step backup). */
  tables?: string[];
  /** Backups retention must not remove now (the one about to be restored). */
  protect?: string[];
}

/** The outcome of restoring a backup somewhere and comparing it with its manifest. */
export interface RestoreCheck {
  manifest: BackupManifest;
  /** Empty when the restored database has the recorded schema and row counts. */
  differences: string[];
}

const PIN_FILE = 'pinned';

/**
 * The backups of one database: create (with manifest: files' SHA-256 and sizes, row counts,
 * schema hash; the dump checked complete), list, verify (restore into a scratch database and
 * compare), restore (never touching dihya-migrate's own lock and audit tables, with a marker so a
 * restore cut short is detected), pin, and retention per run.
 *
 * @example
 * const store = new BackupStore(target, { dir: '.dihya/backups', keep: 10, method: 'auto', kept: ['dihya_audit'], exclude: ['dihya_audit'] })
 * const manifest = await store.create('manual', null)
 * const { differences } = await store.verify(manifest)
 */
export class BackupStore {
  readonly #target: Target;
  readonly #options: BackupStoreOptions;
  readonly folder: string;
  readonly marker: RestoreMarkerFile;
  /** What undoing a step cut short needs (see StepRecovery). */
  readonly steps: StepRecoveryFiles;

  constructor(target: Target, options: BackupStoreOptions) {
    this.#target = target;
    this.#options = options;
    this.folder = path.join(options.dir, targetKey(target.spec));
    this.marker = new RestoreMarkerFile(this.folder);
    this.steps = new StepRecoveryFiles(this.folder);
  }

  /**
   * Takes a backup now, checks its files are complete, writes its manifest, and prunes old
   * ones (never those of the current run). A failed backup leaves no folder behind.
   */
  async create(reason: string, lastApplied: string | null, options: CreateOptions = {}): Promise<BackupManifest> {
    const started = performance.now();
    const createdAt = new Date();
    const kind = options.kind ?? 'manual';
    const id = `${createdAt.toISOString().replace(/[-:.]/g, '')}-${kind}-${randomBytes(2).toString('hex')}`;
    const dir = path.join(this.folder, id);
    privateFolder(this.folder);
    mkdirSync(dir, { mode: 0o700 });
    const progress = (phase: string, done?: number, total?: number) => this.#progress('backup', phase, done, total);
    // The schema of a whole-database backup is read from the server while the dump runs (the
    // migration lock keeps it from changing), instead of after it.
    const early = options.tables ? undefined : options.schema ? Promise.resolve(options.schema) : this.#target.snapshotSchema(undefined, this.#options.exclude);
    early?.catch(() => undefined); // awaited below, or dropped with the failed backup
    try {
      progress('dumping', 0);
      const stopWatching = watchFolderBytes(dir, 250, (bytes) => progress('dumping', bytes));
      const result = await this.#target.backup
        .create(dir, {
          ...(this.#options.method === 'auto' ? {} : { method: this.#options.method }),
          exclude: this.#options.kept,
          ...(options.tables ? { tables: options.tables } : {}),
          ...(this.#options.pgDumpCompression === undefined ? {} : { pgDumpCompression: this.#options.pgDumpCompression }),
        })
        .finally(stopWatching);
      // pg_dump, mariadb-dump and SQLite's backup write with their own modes (0644): the data is private.
      makeTreePrivate(dir);
      const files: BackupManifest['files'] = [];
      const sizes = result.files.map((name) => statSize(path.join(dir, name)));
      const totalBytes = sizes.reduce((a, n) => a + n, 0);
      const scoped = result.tables !== undefined;
      // The files are checked complete and hashed side by side (both only read them), while the schema is read.
      const [state] = await bothSettled(
        scoped
          ? Promise.resolve(undefined)
          : (early ?? (options.schema ? Promise.resolve(options.schema) : this.#target.snapshotSchema(undefined, this.#options.exclude))),
        bothSettled(
          this.#target.backup.checkComplete(dir, result),
          (async () => {
            for (const [i, name] of result.files.entries()) {
              const before = sum(sizes.slice(0, i));
              const known = result.digests?.[name];
              // hashed as it was written: same bytes, same size on disk, or it is read again
              if (known && known.size === sizes[i]) files.push({ name, size: known.size, sha256: known.sha256 });
              else files.push({ name, ...(await fileDigest(path.join(dir, name), (read) => progress('checksums', before + read, totalBytes))) });
            }
          })(),
        ),
      );
      const rowCounts = Object.fromEntries(
        Object.entries(result.rowCounts)
          .filter(([t]) => !this.#isExcluded(t))
          .sort(),
      );
      const manifest: BackupManifest = {
        format: 1,
        id,
        createdAt: createdAt.toISOString(),
        reason,
        kind,
        ...(options.run ? { run: options.run } : {}),
        tool: `dihya-migrate ${VERSION}`,
        dialect: this.#target.dialect,
        target: this.#target.displayUrl,
        targetKey: targetKey(this.#target.spec),
        method: result.method,
        files,
        totalSize: files.reduce((sum, f) => sum + f.size, 0),
        rowCounts,
        ...(scoped ? { tables: result.tables } : {}),
        schemaHash: state ? schemaHash(state) : '',
        lastApplied,
        durationMs: 0,
      };
      manifest.durationMs = Math.round(performance.now() - started);
      if (result.tables) writeScope(dir, result.tables);
      const stored = writeManifest(dir, manifest);
      const runBackups = options.run
        ? this.list()
            .filter((b) => b.run === options.run)
            .map((b) => b.id)
        : [];
      this.prune({ keep: this.#options.keep }, [id, ...runBackups, ...(options.protect ?? [])]);
      progress('done', stored.totalSize, stored.totalSize);
      return stored;
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      if (error instanceof DihyaError) throw error;
      throw new DihyaError('BACKUP_FAILED', { url: this.#target.displayUrl, reason: reasonOf(error) }, { cause: error });
    }
  }

  /** This database's backups, newest first. Folders whose manifest is missing or unreadable are left out (see {@link unreadable}). */
  list(): BackupManifest[] {
    return this.#scan().manifests;
  }

  /** Backup folders whose manifest cannot be read, with why (`backup list` shows them; they are never restored). */
  unreadable(): { id: string; reason: string }[] {
    return this.#scan().unreadable;
  }

  /** A backup by id (or unique id prefix), or with `latest` the newest whole-database one (not a table-scoped step backup). */
  find(id: string): BackupManifest {
    const all = this.list();
    const found = id === 'latest' ? all.find((b) => !b.tables) : (all.find((m) => m.id === id) ?? onlyOne(all.filter((m) => m.id.startsWith(id))));
    if (!found) {
      const broken = this.unreadable().find((u) => u.id === id);
      if (broken) throw new DihyaError('BACKUP_CORRUPT', { id, reason: broken.reason });
      throw new DihyaError('BACKUP_NOT_FOUND', { id });
    }
    return found;
  }

  /** Checks that every file is there with its recorded size and SHA-256, and that the dump is complete. */
  async checkFiles(manifest: BackupManifest, task = 'backup check'): Promise<void> {
    const dir = this.#dirOf(manifest);
    for (const [i, file] of manifest.files.entries()) {
      const before = sum(manifest.files.slice(0, i).map((f) => f.size));
      this.#progress(task, 'checking files', before, manifest.totalSize);
      const full = path.join(dir, file.name);
      if (!existsSync(full)) throw new DihyaError('BACKUP_CORRUPT', { id: manifest.id, reason: `${file.name} is missing` });
      const digest = await fileDigest(full, (read) => this.#progress(task, 'checking files', before + read, manifest.totalSize));
      if (digest.size !== file.size || digest.sha256 !== file.sha256) {
        throw new DihyaError('BACKUP_CORRUPT', { id: manifest.id, reason: `${file.name} does not match its recorded SHA-256` });
      }
    }
    try {
      await this.#target.backup.checkComplete(dir, { method: manifest.method, files: manifest.files.map((f) => f.name) });
    } catch (error) {
      throw new DihyaError('BACKUP_CORRUPT', { id: manifest.id, reason: reasonOf(error) }, { cause: error });
    }
  }

  /** Restores the backup into a fresh scratch database and compares schema hash and row counts. */
  async verify(manifest: BackupManifest): Promise<RestoreCheck> {
    await this.checkFiles(manifest, 'backup verify');
    this.#progress('backup verify', 'restoring into a scratch database');
    const scratch = await this.#target.backup.createScratch();
    try {
      await this.#target.backup.restore(this.#dirOf(manifest), this.#resultOf(manifest), scratch.url);
      const copy = await connect(scratch.url);
      try {
        this.#progress('backup verify', 'comparing');
        const state = await readDatabaseState(copy, this.#options.exclude);
        this.#progress('backup verify', 'done');
        return { manifest, differences: compareStates(manifest, state) };
      } finally {
        await copy.close();
      }
    } finally {
      await scratch.drop().catch(() => undefined);
    }
  }

  /**
   * Puts the target back in the backup's state, then compares it with the manifest.
   * dihya-migrate's lock and audit tables are never touched. A table-scoped backup replaces only
   * its tables, and `drop` (tables created since). A marker is written first and removed once the
   * restore completed, or once a restore that rolls back as a whole failed: a marker left behind
   * means a restore was cut short (see RESTORE_INTERRUPTED).
   */
  async restore(manifest: BackupManifest, options: { drop?: string[]; kind?: 'manual' | 'automatic' } = {}): Promise<RestoreCheck> {
    await this.checkFiles(manifest, 'restore');
    this.marker.write({ backup: manifest.id, kind: options.kind ?? 'manual' });
    try {
      this.#progress('restore', 'restoring');
      await this.#target.backup.restore(this.#dirOf(manifest), this.#resultOf(manifest), this.#target.spec.url, {
        keep: this.#options.kept,
        ...(options.drop ? { drop: options.drop } : {}),
      });
    } catch (error) {
      if (this.#target.capabilities.atomicRestore) this.marker.clear();
      throw new DihyaError('RESTORE_FAILED', { id: manifest.id, reason: reasonOf(error) }, { cause: error });
    }
    this.marker.clear();
    if (!manifest.tables) writeManifest(this.#dirOf(manifest), { ...manifest, restoredAt: new Date().toISOString() });
    this.#progress('restore', 'comparing');
    const differences = await this.compareWith(manifest, options.drop ?? []);
    this.#progress('restore', 'done');
    return { manifest, differences };
  }

  /** The differences between the database now and what the backup recorded (only its tables, for a table-scoped one). */
  compareWith(manifest: BackupManifest, dropped: string[] = []): Promise<string[]> {
    return this.#compare(this.#target, manifest, dropped);
  }

  async #compare(target: Target, manifest: BackupManifest, dropped: string[] = []): Promise<string[]> {
    if (!manifest.tables) return compareStates(manifest, await readDatabaseState(target, this.#options.exclude));
    const scope = this.scope(manifest) ?? [];
    const existing = await target.snapshotSchema(undefined, this.#options.exclude, [...scope, ...dropped]);
    const differences: string[] = [];
    for (const table of dropped) if (existing.tables[table]) differences.push(`${table}: still present, should have been dropped`);
    // The manifest's table names are redacted: count the tables as named in the database, then compare under the redacted names.
    const counts = redactDeep(
      await countRows(
        target.db,
        scope.filter((t) => existing.tables[t] && !this.#isExcluded(t)),
        target.dialect,
      ),
    );
    for (const [table, expected] of Object.entries(manifest.rowCounts)) {
      if (counts[table] === undefined) differences.push(`${table}: missing`);
      else if (counts[table] !== expected) differences.push(`${table}: ${counts[table]} rows, expected ${expected}`);
    }
    return differences;
  }

  /** The tables a table-scoped backup holds, as named in the database (its manifest holds them redacted); undefined for a whole-database one. */
  scope(manifest: BackupManifest): string[] | undefined {
    return scopeOf(this.#dirOf(manifest), manifest);
  }

  /** The row count a backup recorded for `table`, named as in the database. */
  recordedRows(manifest: BackupManifest, table: string): number | undefined {
    return manifest.rowCounts[redactText(table)];
  }

  /** Puts back dihya-migrate's own tables a restore cut short left set aside (see BackupDriver.recoverKept). */
  async recoverKept(): Promise<void> {
    await this.#target.backup.recoverKept?.(this.#target.spec.url, this.#options.kept);
  }

  /** Records how a run ended on its backups (a failed run's backups never push a good one out), then prunes. */
  finishRun(run: string, outcome: 'ok' | 'failed'): void {
    for (const manifest of this.list().filter((b) => b.run === run)) {
      writeManifest(this.#dirOf(manifest), { ...manifest, runOutcome: outcome });
    }
    this.prune({ keep: this.#options.keep });
  }

  /** Pins a backup: retention and `backup prune` never remove it. */
  pin(id: string): BackupManifest {
    const manifest = this.find(id);
    writeFileSync(path.join(this.#dirOf(manifest), PIN_FILE), `${new Date().toISOString()}\n`, { mode: 0o600 });
    return manifest;
  }

  unpin(id: string): BackupManifest {
    const manifest = this.find(id);
    rmSync(path.join(this.#dirOf(manifest), PIN_FILE), { force: true });
    return manifest;
  }

  isPinned(id: string): boolean {
    return existsSync(path.join(this.folder, id, PIN_FILE));
  }

  /**
   * Removes what retention allows (see backupsToPrune), never a backup named in `inUse`, and the
   * folders a killed backup left without a manifest. Returns the ids removed.
   */
  prune(rule: Partial<RetentionRule> = {}, inUse: string[] = []): string[] {
    const { manifests, unreadable, orphans } = this.#scan();
    const pinned = new Set(manifests.filter((m) => this.isPinned(m.id)).map((m) => m.id));
    const doomed = backupsToPrune(manifests, { keep: rule.keep ?? this.#options.keep, ...rule }, { pinned, inUse: new Set(inUse) });
    const removed: string[] = [];
    for (const manifest of doomed) {
      rmSync(this.#dirOf(manifest), { recursive: true, force: true });
      removed.push(manifest.id);
    }
    for (const orphan of orphans.filter((o) => !inUse.includes(o))) {
      rmSync(path.join(this.folder, orphan), { recursive: true, force: true });
      removed.push(orphan);
    }
    void unreadable; // a folder with a damaged manifest is kept for a person to look at
    return removed;
  }

  #progress(task: string, phase: string, done?: number, total?: number): void {
    try {
      this.#options.onProgress?.({ task, phase, ...(done !== undefined ? { done, unit: 'bytes' as const } : {}), ...(total !== undefined ? { total } : {}) });
    } catch {
      // a progress display must never fail a backup
    }
  }

  #isExcluded(table: string): boolean {
    return this.#options.exclude.some((e) => e.toLowerCase() === table.toLowerCase());
  }

  #dirOf(manifest: BackupManifest): string {
    return path.join(this.folder, manifest.id);
  }

  #resultOf(manifest: BackupManifest) {
    const tables = this.scope(manifest);
    return { method: manifest.method, files: manifest.files.map((f) => f.name), ...(tables ? { tables } : {}) };
  }

  /** Reads every backup folder: readable manifests (newest first), unreadable ones, and folders without a manifest. */
  #scan(): { manifests: BackupManifest[]; unreadable: { id: string; reason: string }[]; orphans: string[] } {
    const manifests: BackupManifest[] = [];
    const unreadable: { id: string; reason: string }[] = [];
    const orphans: string[] = [];
    if (!existsSync(this.folder)) return { manifests, unreadable, orphans };
    for (const name of readdirSync(this.folder)) {
      const dir = path.join(this.folder, name);
      if (name.startsWith('.') || !statSync(dir).isDirectory()) continue;
      if (!existsSync(path.join(dir, MANIFEST_FILE))) {
        orphans.push(name);
        continue;
      }
      try {
        const manifest = readManifest(dir);
        if (manifest.id !== name) throw new Error(`${MANIFEST_FILE} names another backup (${manifest.id})`);
        manifests.push(manifest);
      } catch (error) {
        unreadable.push({ id: name, reason: reasonOf(error) });
      }
    }
    manifests.sort((a, b) => b.id.localeCompare(a.id));
    return { manifests, unreadable, orphans };
  }
}

function statSize(file: string): number {
  return existsSync(file) ? statSync(file).size : 0;
}

function sum(values: number[]): number {
  return values.reduce((a, n) => a + n, 0);
}

function onlyOne<T>(items: T[]): T | undefined {
  return items.length === 1 ? items[0] : undefined;
}
