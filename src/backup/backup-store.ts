import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import type { BackupMethod } from '../database/backup-driver.ts';
import { connect } from '../database/connect.ts';
import { targetKey } from '../database/target-key.ts';
import type { Target } from '../database/target.ts';
import { VERSION } from '../version.ts';
import { readManifest, writeManifest, type BackupManifest } from './backup-manifest.ts';
import { schemaHash } from '../database/schema-hash.ts';
import type { SchemaSnapshot } from '../database/schema-snapshot.ts';
import { compareStates, readDatabaseState } from './database-state.ts';
import { fileDigest } from './file-digest.ts';
import { watchFolderBytes, type BackupProgressListener } from './backup-progress.ts';

export interface BackupStoreOptions {
  /** Root folder of backups (a sub-folder per database). */
  dir: string;
  /** How many backups of this database to keep (older ones are deleted after a new one). */
  keep: number;
  /** `auto` or a dialect method name (`pg_dump`, `pg-copy`, `mysqldump`, `mysql-driver`). */
  method: BackupMethod | 'auto';
  /** Tables left out of row counts and schema hash (dihya-migrate's audit and lock tables). */
  exclude: string[];
  /** Tables kept as they are across a restore (the audit mirror), with how to recreate them. */
  preserve: { table: string; recreate(): Promise<unknown> }[];
  /** Told where backups, verifications and restores are, for a progress display. */
  onProgress?: BackupProgressListener;
}

/** The outcome of restoring a backup somewhere and comparing it with its manifest. */
export interface RestoreCheck {
  manifest: BackupManifest;
  /** Empty when the restored database has the recorded schema and row counts. */
  differences: string[];
}

/**
 * The backups of one database: create (with manifest: files' SHA-256 and sizes, row counts,
 * schema hash), list, verify (restore into a scratch database and compare) and restore.
 *
 * @example
 * const store = new BackupStore(target, { dir: '.dihya/backups', keep: 10, method: 'auto', exclude: ['dihya_audit'], preserve: [] })
 * const manifest = await store.create('manual', null)
 * const { differences } = await store.verify(manifest)
 */
export class BackupStore {
  readonly #target: Target;
  readonly #options: BackupStoreOptions;
  readonly folder: string;

  constructor(target: Target, options: BackupStoreOptions) {
    this.#target = target;
    this.#options = options;
    this.folder = path.join(options.dir, targetKey(target.spec));
  }

  /**
   * Takes a backup now, checks its files, writes its manifest, and prunes old ones. `schema` is the
   * schema as it is now without the excluded tables, when the caller has it already (the migration
   * lock keeps it from changing); otherwise it is read.
   */
  async create(reason: string, lastApplied: string | null, schema?: SchemaSnapshot): Promise<BackupManifest> {
    const started = performance.now();
    const createdAt = new Date();
    const id = `${createdAt.toISOString().replace(/[-:.]/g, '')}-${slug(reason)}`;
    const dir = path.join(this.folder, id);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const progress = (phase: string, done?: number, total?: number) => this.#progress('backup', phase, done, total);
    try {
      progress('dumping', 0);
      const stopWatching = watchFolderBytes(dir, 250, (bytes) => progress('dumping', bytes));
      const result = await this.#target.backup.create(dir, this.#options.method === 'auto' ? {} : { method: this.#options.method }).finally(stopWatching);
      const files = [];
      const sizes = result.files.map((name) => statSize(path.join(dir, name)));
      const totalBytes = sizes.reduce((a, n) => a + n, 0);
      for (const [i, name] of result.files.entries()) {
        const before = sum(sizes.slice(0, i));
        files.push({ name, ...(await fileDigest(path.join(dir, name), (read) => progress('checksums', before + read, totalBytes))) });
      }
      const state = schema ?? (await this.#target.snapshotSchema(undefined, this.#options.exclude));
      const rowCounts = Object.fromEntries(
        Object.entries(result.rowCounts)
          .filter(([t]) => !this.#options.exclude.includes(t))
          .sort(),
      );
      const manifest: BackupManifest = {
        format: 1,
        id,
        createdAt: createdAt.toISOString(),
        reason,
        tool: `dihya-migrate ${VERSION}`,
        dialect: this.#target.dialect,
        target: this.#target.displayUrl,
        targetKey: targetKey(this.#target.spec),
        method: result.method,
        files,
        totalSize: files.reduce((sum, f) => sum + f.size, 0),
        rowCounts,
        schemaHash: schemaHash(state),
        lastApplied,
        durationMs: 0,
      };
      manifest.durationMs = Math.round(performance.now() - started);
      writeManifest(dir, manifest);
      this.#prune();
      progress('done', manifest.totalSize, manifest.totalSize);
      return manifest;
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      if (error instanceof DihyaError) throw error;
      throw new DihyaError('BACKUP_FAILED', { url: this.#target.displayUrl, reason: reasonOf(error) }, { cause: error });
    }
  }

  /** This database's backups, newest first. */
  list(): BackupManifest[] {
    if (!existsSync(this.folder)) return [];
    return readdirSync(this.folder)
      .filter((name) => existsSync(path.join(this.folder, name, 'manifest.json')))
      .map((name) => readManifest(path.join(this.folder, name)))
      .sort((a, b) => b.id.localeCompare(a.id));
  }

  /** A backup by id (or unique id prefix), or the newest with `latest`. */
  find(id: string): BackupManifest {
    const all = this.list();
    const found = id === 'latest' ? all[0] : (all.find((m) => m.id === id) ?? onlyOne(all.filter((m) => m.id.startsWith(id))));
    if (!found) throw new DihyaError('BACKUP_NOT_FOUND', { id });
    return found;
  }

  /** Checks that every file is there with its recorded size and SHA-256. */
  async checkFiles(manifest: BackupManifest, task = 'backup check'): Promise<void> {
    const dir = path.join(this.folder, manifest.id);
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
  }

  /** Restores the backup into a fresh scratch database and compares schema hash and row counts. */
  async verify(manifest: BackupManifest): Promise<RestoreCheck> {
    await this.checkFiles(manifest, 'backup verify');
    this.#progress('backup verify', 'restoring into a scratch database');
    const scratch = await this.#target.backup.createScratch();
    try {
      await this.#target.backup.restore(
        path.join(this.folder, manifest.id),
        { method: manifest.method, files: manifest.files.map((f) => f.name) },
        scratch.url,
      );
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
   * Puts the target back in the backup's state (the preserved tables keep their current rows),
   * then compares it with the manifest.
   */
  async restore(manifest: BackupManifest): Promise<RestoreCheck> {
    await this.checkFiles(manifest, 'restore');
    const kept = new Map<string, Record<string, unknown>[]>();
    for (const { table } of this.#options.preserve) {
      if (await this.#target.tableExists(table)) kept.set(table, await this.#target.db.selectFrom(table).selectAll().execute());
    }
    try {
      this.#progress('restore', 'restoring');
      await this.#target.backup.restore(
        path.join(this.folder, manifest.id),
        { method: manifest.method, files: manifest.files.map((f) => f.name) },
        this.#target.spec.url,
      );
    } catch (error) {
      throw new DihyaError('RESTORE_FAILED', { id: manifest.id, reason: reasonOf(error) }, { cause: error });
    }
    for (const preserved of this.#options.preserve) {
      const table = preserved.table;
      const rows = kept.get(table);
      if (!rows) continue;
      if (!(await this.#target.tableExists(table))) await preserved.recreate();
      await this.#target.db.deleteFrom(table).execute();
      for (let i = 0; i < rows.length; i += 200)
        await this.#target.db
          .insertInto(table)
          .values(rows.slice(i, i + 200))
          .execute();
    }
    this.#progress('restore', 'comparing');
    const state = await readDatabaseState(this.#target, this.#options.exclude);
    this.#progress('restore', 'done');
    return { manifest, differences: compareStates(manifest, state) };
  }

  #progress(task: string, phase: string, done?: number, total?: number): void {
    try {
      this.#options.onProgress?.({ task, phase, ...(done !== undefined ? { done, unit: 'bytes' as const } : {}), ...(total !== undefined ? { total } : {}) });
    } catch {
      // a progress display must never fail a backup
    }
  }

  #prune(): void {
    for (const old of this.list().slice(this.#options.keep)) rmSync(path.join(this.folder, old.id), { recursive: true, force: true });
  }
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'backup'
  );
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
