import { DatabaseSync } from 'node:sqlite';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareStates } from '../src/backup/database-state.ts';
import { BackupStore, type BackupStoreOptions } from '../src/backup/backup-store.ts';
import { readManifest, scopeOf, type BackupManifest } from '../src/backup/backup-manifest.ts';
import { fileDigest } from '../src/tools/file-digest.ts';
import { RestoreMarkerFile } from '../src/backup/restore-marker.ts';
import { backupsToPrune } from '../src/backup/retention.ts';
import { connect } from '../src/database/connect.ts';
import type { Target } from '../src/database/target.ts';
import { DihyaError } from '../src/errors/dihya-error.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'dihya-store-edges-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function sqliteFile(name: string): string {
  const file = path.join(work, name);
  const db = new DatabaseSync(file);
  db.exec(
    "create table orders (id integer primary key, v text); insert into orders values (1, 'a'), (2, 'b'); create table notes (n text); insert into notes values ('x')",
  );
  db.close();
  return file;
}

const errorOf = async (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as DihyaError,
  );

describe('BackupStore on a real SQLite database', () => {
  let target: Target;
  let store: BackupStore;
  const options = (over: Partial<BackupStoreOptions> = {}): BackupStoreOptions => ({
    dir: path.join(work, 'backups'),
    keep: 5,
    method: 'auto',
    kept: [],
    exclude: [],
    ...over,
  });
  beforeAll(async () => {
    target = await connect(`sqlite:${sqliteFile('store.db')}`);
    store = new BackupStore(target, options());
  });
  afterAll(() => target?.close());

  it('a failed backup is BACKUP_FAILED and leaves no folder; a failing progress display does not fail a backup', async () => {
    const bad = new BackupStore(target, options({ method: 'pg_dump' }));
    const error = await errorOf(bad.create('manual', null));
    expect(error).toBeInstanceOf(DihyaError);
    expect(error!.code).toBe('BACKUP_FAILED');
    expect(error!.message).toMatch(/Unknown SQLite backup method "pg_dump"/);
    expect(bad.list()).toEqual([]);
    expect(readdirSync(bad.folder)).toEqual([]);
    const noisy = new BackupStore(
      target,
      options({
        onProgress: () => {
          throw new Error('display broke');
        },
      }),
    );
    const manifest = await noisy.create('manual', '001_init', { kind: 'manual' });
    expect(manifest.lastApplied).toBe('001_init');
  });

  it('find: latest skips table-scoped backups, a unique prefix works, an unknown or ambiguous id is BACKUP_NOT_FOUND', async () => {
    const whole = await store.create('before', null, { run: 'run-1', kind: 'run' });
    const scoped = await store.create('step', null, { tables: ['orders'], run: 'run-1', kind: 'step' });
    expect(store.find('latest').id).toBe(whole.id);
    expect(store.find(scoped.id.slice(0, scoped.id.length - 1)).id).toBe(scoped.id);
    expect(scopeOf(path.join(store.folder, scoped.id), scoped)).toEqual(['orders']);
    expect(store.scope(whole)).toBeUndefined();
    expect(store.recordedRows(scoped, 'orders')).toBe(2);
    const notFound = (() => {
      try {
        store.find('2');
      } catch (error) {
        return error as DihyaError;
      }
    })();
    expect(notFound!.code).toBe('BACKUP_NOT_FOUND');
    expect(() => store.find('nope')).toThrow('No backup nope for this database');
  });

  it('unreadable manifests are listed with their reason, found as BACKUP_CORRUPT, and never pruned; orphans are', () => {
    const bad = (id: string, text: string | undefined) => {
      mkdirSync(path.join(store.folder, id), { recursive: true });
      if (text !== undefined) writeFileSync(path.join(store.folder, id, 'manifest.json'), text);
    };
    bad('20000101T000000000Z-manual-aaaa', '{ not json');
    bad('20000101T000000000Z-manual-bbbb', JSON.stringify({ format: 2 }));
    bad('20000101T000000000Z-manual-cccc', JSON.stringify({ format: 1, id: 'someone-else', files: [], rowCounts: {} }));
    bad('20000101T000000000Z-orphan-dddd', undefined);
    writeFileSync(path.join(store.folder, 'stray-file'), 'x');
    const reasons = Object.fromEntries(store.unreadable().map((u) => [u.id, u.reason]));
    expect(reasons['20000101T000000000Z-manual-aaaa']).toBe('manifest.json is not valid JSON');
    expect(reasons['20000101T000000000Z-manual-bbbb']).toBe('manifest.json does not describe a dihya-migrate backup');
    expect(reasons['20000101T000000000Z-manual-cccc']).toBe('manifest.json names another backup (someone-else)');
    expect(() => store.find('20000101T000000000Z-manual-aaaa')).toThrow(/is damaged: manifest.json is not valid JSON/);
    const removed = store.prune({}, []);
    expect(removed).toEqual(['20000101T000000000Z-orphan-dddd']);
    expect(store.unreadable()).toHaveLength(3);
    for (const id of Object.keys(reasons)) rmSync(path.join(store.folder, id), { recursive: true });
  });

  it('checkFiles: a missing file, a changed file and a cut copy are BACKUP_CORRUPT', async () => {
    const manifest = await store.create('check', null);
    const dir = path.join(store.folder, manifest.id);
    const file = path.join(dir, manifest.files[0]!.name);
    const original = readFileSync(file);
    writeFileSync(file, original.subarray(0, 100));
    expect((await errorOf(store.checkFiles(manifest)))!.message).toMatch(/does not match its recorded SHA-256/);
    // Same size and digest recorded for the cut file: the completeness check catches it.
    const cut = { ...manifest, files: [{ name: manifest.files[0]!.name, ...(await fileDigest(file)) }] };
    expect((await errorOf(store.checkFiles(cut)))!.message).toMatch(/is damaged: database\.sqlite is truncated: 100 bytes where its header announces \d+/);
    rmSync(file);
    const missing = await errorOf(store.checkFiles(manifest));
    expect(missing!.code).toBe('BACKUP_CORRUPT');
    expect(missing!.message).toMatch(/database\.sqlite is missing/);
  });

  it('pin and unpin; pinned and in-use backups survive pruning, the newest good run too', async () => {
    const a = await store.create('a', null);
    expect(store.pin(a.id.slice(0, -1)).id).toBe(a.id);
    expect(store.isPinned(a.id)).toBe(true);
    const removed = store.prune({ keep: 0 });
    expect(removed).not.toContain(a.id);
    expect(store.list().map((m) => m.id)).toContain(a.id);
    store.unpin(a.id);
    expect(store.isPinned(a.id)).toBe(false);
    expect(store.prune({ keep: 0 }, [a.id])).not.toContain(a.id);
    expect(store.prune({ keep: 0 })).toContain(a.id);
  });

  it('finishRun records the outcome on the run backups; a restore failure is RESTORE_FAILED and clears the marker (atomic restore)', async () => {
    const b = await store.create('run', null, { run: 'run-9', kind: 'run' });
    store.finishRun('run-9', 'failed');
    expect(readManifest(path.join(store.folder, b.id)).runOutcome).toBe('failed');
    const elsewhere = new BackupStore(target, options({ dir: path.join(work, 'other') }));
    const broken: BackupManifest = { ...b, method: 'pg_dump' };
    mkdirSync(path.join(elsewhere.folder, b.id), { recursive: true });
    for (const f of b.files) writeFileSync(path.join(elsewhere.folder, b.id, f.name), readFileSync(path.join(store.folder, b.id, f.name)));
    const error = await errorOf(elsewhere.restore(broken));
    expect(error!.code).toBe('RESTORE_FAILED');
    expect(error!.message).toMatch(/cannot be restored from a "pg_dump" backup/);
    expect(elsewhere.marker.read()).toBeUndefined();
  });

  it('compareWith a table-scoped backup: missing table, other count, a table that should have been dropped', async () => {
    const scoped = await store.create('scoped', null, { tables: ['orders', 'notes'] });
    await target.db.schema.dropTable('notes').execute();
    await target.db.deleteFrom('orders').where('id', '=', 1).execute();
    await target.db.schema.createTable('extra').addColumn('id', 'integer').execute();
    expect(await store.compareWith(scoped, ['extra'])).toEqual([
      'extra: still present, should have been dropped',
      'notes: missing',
      'orders: 1 rows, expected 2',
    ]);
  });
});

describe('restore marker, state comparison and retention', () => {
  it('a marker: absent, unreadable, of this process, of another host, of a process gone, of a live one', () => {
    const marker = new RestoreMarkerFile(path.join(work, 'marker'));
    expect(marker.read()).toBeUndefined();
    marker.write({ backup: 'b1', kind: 'automatic' });
    const mine = marker.read()!;
    expect(mine).toMatchObject({ backup: 'b1', kind: 'automatic', pid: process.pid, host: os.hostname() });
    expect(marker.isLive(mine)).toBe(false);
    expect(marker.isLive({ ...mine, host: 'elsewhere' })).toBe(false);
    expect(marker.isLive({ ...mine, pid: 0 })).toBe(false);
    expect(marker.isLive({ ...mine, pid: process.ppid })).toBe(true);
    expect(marker.isLive({ ...mine, pid: 2 ** 22 + 12345 })).toBe(false);
    writeFileSync(marker.file, '{ cut');
    expect(marker.read()).toEqual({ backup: 'unknown', startedAt: '', pid: 0, host: '', kind: 'manual' });
    marker.clear();
    expect(marker.read()).toBeUndefined();
  });

  it('compareStates names every difference', () => {
    expect(
      compareStates(
        { schemaHash: 'a'.repeat(64), rowCounts: { t: 1, gone: 2, same: 3 } },
        { schemaHash: 'b'.repeat(64), rowCounts: { t: 4, extra: 1, same: 3 } },
      ),
    ).toEqual([`schema hash ${'b'.repeat(12)}, expected ${'a'.repeat(12)}`, 'extra: present, not expected', 'gone: missing', 't: 4 rows, expected 1']);
  });

  it('retention: failed runs do not count, old groups go, a restored backup counts as recent', () => {
    const at = (days: number) => new Date(Date.UTC(2026, 0, 1 + days)).toISOString();
    const m = (id: string, days: number, over: Partial<BackupManifest> = {}) => ({ id, createdAt: at(days), kind: 'run', ...over }) as BackupManifest;
    const backups = [
      m('r1', 1, { run: 'A' }),
      m('r1b', 1, { run: 'A' }),
      m('r2', 2, { run: 'B', runOutcome: 'failed' }),
      m('r3', 3, { run: 'C', runOutcome: 'failed' }),
      m('old', 0, { restoredAt: at(10), kind: 'manual' }),
    ];
    const guards = { pinned: new Set<string>(), inUse: new Set<string>() };
    // "old" was restored lately: it is the newest group; failed runs behind it go.
    expect(backupsToPrune(backups, { keep: 5 }, guards).map((b) => b.id)).toEqual(['r3', 'r2']);
    const day = 24 * 3600 * 1000;
    expect(backupsToPrune(backups, { keep: 5, olderThanMs: 5 * day, now: Date.parse(at(12)) }, guards).map((b) => b.id)).toEqual(['r3', 'r2']);
    // Too old: "old" goes; A, older still, is the newest good run and stays whatever the rule.
    expect(backupsToPrune(backups, { keep: 5, olderThanMs: 5 * day, now: Date.parse(at(16)) }, guards).map((b) => b.id)).toEqual(['old', 'r3', 'r2']);
    expect(backupsToPrune(backups, { keep: 0 }, { pinned: new Set(['old']), inUse: new Set(['r2']) }).map((b) => b.id)).toEqual(['r3']);
  });
});
