import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { DIALECTS, type Dialect, type ScratchDatabase } from '../helpers/databases.ts';
import { query } from '../helpers/tables.ts';
import { generatedHistory } from './generated-history.ts';
import { layoutsDatabase, writeTree } from './layout-fixtures.ts';

const COUNT = 30;

/** What of the audit mirror a backup's files hold: its rows, read the way each dump is made. */
function auditRowsInDump(dialect: Dialect, folder: string): number {
  const files = readdirSync(folder).filter((f) => !f.endsWith('.json'));
  let rows = 0;
  for (const file of files.map((f) => path.join(folder, f))) {
    if (dialect === 'sqlite') {
      const copy = new DatabaseSync(file, { readOnly: true });
      try {
        const exists = copy.prepare("select count(*) as n from sqlite_master where type = 'table' and name = 'dihya_audit'").get() as { n: number };
        if (exists.n > 0) rows += (copy.prepare('select count(*) as n from dihya_audit').get() as { n: number }).n;
      } finally {
        copy.close();
      }
    } else if (dialect === 'postgres') {
      // the archive's table of contents: a TABLE DATA entry per table whose rows it holds
      const toc = execFileSync('pg_restore', ['-l', file], { encoding: 'utf8' });
      if (/TABLE DATA \S+ dihya_audit /.test(toc)) rows += 1;
      expect(toc).toMatch(/TABLE DATA \S+ items /);
    } else {
      const text = readFileSync(file, 'utf8');
      rows += (text.match(/INSERT INTO `dihya_audit`/g) ?? []).length;
      expect(text).toMatch(/INSERT INTO `items`/);
    }
  }
  return rows;
}

describe.each(DIALECTS)('backups of a long history on %s leave the audit mirror out, and restores keep it', (dialect) => {
  let db: ScratchDatabase;
  let project: string;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project);
  beforeEach(async () => {
    db = await layoutsDatabase(dialect);
    project = mkdtempSync(path.join(os.tmpdir(), 'dihya-layouts-audit-'));
    writeTree(path.join(project, 'migrations'), generatedHistory('golang-migrate', COUNT, dialect).files);
  });
  afterEach(async () => {
    rmSync(project, { recursive: true, force: true });
    await db.drop();
  });

  it(`${dialect}: the dump holds no audit mirror row; after a restore the mirror has every entry and audit verify passes`, async () => {
    const up = await run('up');
    expect(up.code, up.stdout.slice(0, 2000)).toBe(0);
    const mirrored = async () => Number((await query<{ n: number | string }>(db.url, 'select count(*) as n from dihya_audit'))[0]!.n);
    expect(await mirrored()).toBeGreaterThan(COUNT);

    const created = await run('backup', 'create');
    expect(created.code, created.stdout).toBe(0);
    const backups = path.join(project, '.dihya', 'backups');
    const folder = path.join(backups, readdirSync(backups)[0]!, created.json.backup.id);
    expect(auditRowsInDump(dialect, folder)).toBe(0);
    expect(created.json.backup.rowCounts).not.toHaveProperty('dihya_audit');

    // entries written after the backup (a revert, its backup) must survive the restore too
    expect((await run('down', '--steps', '3')).code).toBe(0);
    const entries = (url: string) => query<{ seq: number | string; hash: string }>(url, 'select seq, hash from dihya_audit order by seq');
    const beforeRestore = (await entries(db.url)).map((e) => `${e.seq} ${e.hash}`);
    const restored = await run('backup', 'restore', created.json.backup.id, '--yes');
    expect(restored.code, restored.stdout).toBe(0);
    // every entry there before the restore is still there, unchanged, and the restore's own entries follow them
    const after = (await entries(db.url)).map((e) => `${e.seq} ${e.hash}`);
    expect(after.slice(0, beforeRestore.length)).toEqual(beforeRestore);
    expect(after.length).toBeGreaterThan(beforeRestore.length);
    const verify = await run('audit', 'verify');
    expect(verify.code, verify.stdout).toBe(0);
    expect(verify.json.intact).toBe(true);
    expect(verify.json.mirrorEntries).toBe(after.length);
    expect(verify.json.entries).toBe(after.length);
    const shown = (await run('audit', 'show', '--limit', '5')).json.entries as { event: string }[];
    expect(shown.map((e) => e.event)).toContain('restore.manual');
    const status = await run('status');
    expect(status.json.entries.filter((e: { state: string }) => e.state === 'applied')).toHaveLength(COUNT);
  });
});
