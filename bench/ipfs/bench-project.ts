import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A throw-away project: `migrations/` holding `files` SQL files of `sizeMb` MiB in all. */
export interface BenchProject {
  dir: string;
  url: string;
  migrationFiles: string[];
  bytes: number;
}

/**
 * Writes the benchmark's migration files: ordinary SQL (inserts of short notes) with no personal
 * value in it, so the export's scan runs over every line and refuses nothing. Numbers stay short
 * (no card-like or phone-like digit runs).
 *
 * @example
 * const project = writeBenchProject(100, 100) // 100 files of 1 MiB
 */
export function writeBenchProject(sizeMb: number, files: number): BenchProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-bench-ipfs-'));
  const migrations = path.join(dir, 'migrations');
  mkdirSync(migrations);
  const perFile = Math.floor((sizeMb * 1024 * 1024) / files);
  const migrationFiles: string[] = [];
  let bytes = 0;
  for (let f = 0; f < files; f++) {
    const lines = ['-- migrate:up'];
    let size = lines[0]!.length + 1;
    for (let i = 1; size < perFile; i++) {
      const line = `insert into notes (id, body) values (${f * 100_000 + i}, 'note ${i} of batch ${f}: kept for the archive');`;
      lines.push(line);
      size += line.length + 1;
    }
    const text = `${lines.join('\n')}\n`.slice(0, perFile);
    const version = new Date(Date.UTC(2026, 0, 1) + f * 60_000).toISOString().replace(/[-:T]/g, '').slice(0, 14);
    const file = path.join(migrations, `${version}_batch_${f}.sql`);
    writeFileSync(file, text);
    migrationFiles.push(file);
    bytes += Buffer.byteLength(text);
  }
  return { dir, url: `sqlite:${path.join(dir, 'bench.db')}`, migrationFiles, bytes };
}
