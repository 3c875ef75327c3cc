import { writeFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { fileDigest } from '../../src/tools/file-digest.ts';
import { Migrator } from '../../src/migrator/migrator.ts';
import { PG_DUMP_FILE } from '../../src/database/dialects/postgres/backup/pg-dump-backup.ts';
import { countPgRows } from '../../src/database/dialects/postgres/backup/pg-row-counts.ts';
import { beginPgSnapshot } from '../../src/database/dialects/postgres/session/pg-snapshot.ts';
import { makeOutDir } from './out-dir.ts';
import { spawnLog } from './spawn-timer.ts';

/** What dihya-migrate's timed path does, printed with the results. */
export const DIHYA_INCLUDES =
  'Migrator.open (config defaults, connect) + backupNow(): migration lock, audit run.start, history read, ' +
  'pg_dump --version, REPEATABLE READ snapshot exported, exact count(*) of every table, pg_dump -Fc --snapshot, ' +
  'SHA-256 of the files, schema snapshot + hash, manifest.json, audit backup.created + run.end, unlock; then close()';

/** The phases of one dihya-migrate run, in order, with their labels. */
export const DIHYA_PHASES = {
  open: 'Migrator.open: load config, connect',
  lock: 'lock, audit run.start, history read',
  beforeDump: 'pg_dump --version, snapshot, exact row counts',
  rowCounts: '  of which exact row counts (re-run apart)',
  dump: 'pg_dump child process (--snapshot)',
  afterDump: 'SHA-256 of files, schema snapshot, manifest',
  sha256: '  of which SHA-256 of the dump (re-run apart)',
  finish: 'audit backup.created + run.end, unlock, close',
} as const;

export type DihyaPhase = keyof typeof DIHYA_PHASES;

/** One timed run of dihya-migrate's backup. */
export interface DihyaRun {
  ms: number;
  /** Size of database.pgdump. */
  dumpBytes: number;
  /** The backup folder's files: the manifest's list, then manifest.json. */
  files: string[];
  /** Milliseconds per phase; the two "of which" ones are measured again after the run, untimed. */
  phases: Record<DihyaPhase, number>;
}

/**
 * dihya-migrate's full backup path, as `dihya-migrate backup create` runs it: `Migrator.open`
 * in a fresh folder (so `.dihya/` — backups, audit file, log — is new each time) with the URL as
 * an override, `backupNow('bench')`, `close()`. The whole is timed; phases come from the
 * migrator's events, the manifest (createdAt, durationMs) and the pg_dump child's start and exit
 * (see spawn-timer.ts). After the timed part, the SHA-256 of the dump and the exact row counts
 * are taken again on their own to show their cost, then the folder is deleted.
 *
 * @example
 * const run = await runDihyaBackup('postgres://postgres@127.0.0.1:5432/dihya_bench_backup')
 * const fast = await runDihyaBackup(url, 1) // backup.pgDumpCompression: 1 (in a dihya.config.json of the run's folder)
 */
export async function runDihyaBackup(url: string, pgCompression?: number): Promise<DihyaRun> {
  const out = makeOutDir('dihya');
  try {
    if (pgCompression !== undefined) writeFileSync(path.join(out.dir, 'dihya.config.json'), JSON.stringify({ backup: { pgDumpCompression: pgCompression } }));
    const started = performance.now();
    const migrator = await Migrator.open({ cwd: out.dir, overrides: { url } });
    const opened = performance.now();
    let backupDir: string;
    let manifest;
    try {
      manifest = await migrator.backupNow('bench');
      backupDir = path.join(migrator.safety.backups.folder, manifest.id);
    } finally {
      await migrator.close();
    }
    const ended = performance.now();

    const dump = spawnLog.find((s) => s.startMs >= started && s.args.includes('--format=custom'));
    if (!dump?.endMs) throw new Error('dihya-migrate: no pg_dump --format=custom child was seen (did it fall back to pg-copy?)');
    const createStart = Date.parse(manifest.createdAt) - performance.timeOrigin;
    const createEnd = createStart + manifest.durationMs;
    const dumpFile = manifest.files.find((f) => f.name === PG_DUMP_FILE);
    if (!dumpFile) throw new Error(`dihya-migrate: the backup has no ${PG_DUMP_FILE} (method ${manifest.method})`);

    const shaStarted = performance.now();
    await fileDigest(path.join(backupDir, PG_DUMP_FILE));
    const sha256 = performance.now() - shaStarted;
    const rowCounts = await timeRowCounts(url);

    return {
      ms: ended - started,
      dumpBytes: dumpFile.size,
      files: [...manifest.files.map((f) => f.name), 'manifest.json'],
      phases: {
        open: opened - started,
        lock: createStart - opened,
        beforeDump: dump.startMs - createStart,
        rowCounts,
        dump: dump.endMs - dump.startMs,
        afterDump: createEnd - dump.endMs,
        sha256,
        finish: ended - createEnd,
      },
    };
  } finally {
    out.remove();
  }
}

/** Time of the exact row counts dihya-migrate takes, in a REPEATABLE READ transaction of their own. */
async function timeRowCounts(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url, application_name: 'dihya bench row counts' });
  await client.connect();
  try {
    await beginPgSnapshot(client);
    const started = performance.now();
    await countPgRows(client);
    const ms = performance.now() - started;
    await client.query('COMMIT');
    return ms;
  } finally {
    await client.end();
  }
}
