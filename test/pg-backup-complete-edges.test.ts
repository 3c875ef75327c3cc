import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, mkdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPgArchive } from '../src/database/dialects/postgres/backup/pg-archive-toc.ts';
import { checkPgCopyComplete, checkPgDumpComplete } from '../src/database/dialects/postgres/backup/pg-backup-complete.ts';
import { pgToolConnection } from '../src/database/dialects/postgres/session/pg-tool-env.ts';
import { findClientTool, noClientTools } from '../src/tools/find-client-tool.ts';
import { createScratchDatabase, testsOn, withPg, type ScratchDatabase } from './helpers/databases.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-pgcheck-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ARCHIVE = 'database.pgdump';

describe.runIf(testsOn('postgres'))('checkPgDumpComplete on real pg_dump archives', () => {
  let db: ScratchDatabase;
  const dump = (into: string) => {
    mkdirSync(into, { recursive: true });
    execFileSync(findClientTool(['pg_dump'])!, ['--format=custom', '--no-password', `--file=${path.join(into, ARCHIVE)}`], {
      env: { ...process.env, ...pgToolConnection(db.url).env },
    });
  };
  beforeAll(async () => {
    db = await createScratchDatabase('postgres');
  });
  afterAll(() => db?.drop());

  it('passes a complete archive, and one with no table data at all', async () => {
    dump(path.join(dir, 'empty'));
    await expect(checkPgDumpComplete(path.join(dir, 'empty'), [ARCHIVE], findClientTool)).resolves.toBeUndefined();
    await withPg(
      (c) =>
        c.query(
          "create table a (id int, v text); insert into a select g, repeat('x', 200) from generate_series(1, 3000) g; create table b (id int); insert into b values (1)",
        ),
      db.url,
    );
    dump(path.join(dir, 'full'));
    await expect(checkPgDumpComplete(path.join(dir, 'full'), [ARCHIVE, 'backup-info.json'], findClientTool)).resolves.toBeUndefined();
  });

  it('refuses an archive cut short, a file that is no archive, a missing archive, and no pg_restore', async () => {
    const cut = path.join(dir, 'cut');
    mkdirSync(cut);
    const full = readFileSync(path.join(dir, 'full', ARCHIVE));
    writeFileSync(path.join(cut, ARCHIVE), full.subarray(0, full.length - 40));
    await expect(checkPgDumpComplete(cut, [ARCHIVE], findClientTool)).rejects.toThrow(
      /database\.pgdump is incomplete \(its last table's data cannot be read back\)/,
    );
    const garbage = path.join(dir, 'garbage');
    mkdirSync(garbage);
    writeFileSync(path.join(garbage, ARCHIVE), 'not an archive');
    await expect(checkPgDumpComplete(garbage, [ARCHIVE], findClientTool)).rejects.toThrow(
      /database\.pgdump is not a readable pg_dump archive: no pg_dump archive header/,
    );
    // Cut inside its table of contents, or with a data offset past the end: not readable, or incomplete.
    const head = path.join(dir, 'head');
    mkdirSync(head);
    writeFileSync(path.join(head, ARCHIVE), full.subarray(0, 200));
    await expect(checkPgDumpComplete(head, [ARCHIVE], findClientTool)).rejects.toThrow(/not a readable pg_dump archive: the archive ends at byte 200/);
    writeFileSync(path.join(cut, ARCHIVE), full.subarray(0, full.length - 3000));
    await expect(checkPgDumpComplete(cut, [ARCHIVE], findClientTool)).rejects.toThrow(
      /is incomplete .*lies past the end of the file|is incomplete .*archive ends/,
    );
    await expect(checkPgDumpComplete(path.join(dir, 'nowhere'), [ARCHIVE], findClientTool)).rejects.toThrow('database.pgdump is missing');
    await expect(checkPgDumpComplete(path.join(dir, 'full'), [ARCHIVE], noClientTools)).rejects.toThrow(
      /pg_restore not found on PATH.*install the PostgreSQL client tools/,
    );
  });
});

describe.runIf(testsOn('postgres'))('checkPgDumpComplete: archives its own reader leaves to pg_restore', () => {
  let db: ScratchDatabase;
  beforeAll(async () => {
    db = await createScratchDatabase('postgres');
    await withPg((c) => c.query("create table a (id int, v text); insert into a select g, repeat('y', 100) from generate_series(1, 2000) g"), db.url);
  });
  afterAll(() => db?.drop());
  const pgDump = (args: string[]) =>
    execFileSync(findClientTool(['pg_dump'])!, ['--format=custom', '--no-password', ...args], { env: { ...process.env, ...pgToolConnection(db.url).env } });

  it('an archive written to a pipe (no data offsets) is read back by pg_restore, and one cut short fails there', async () => {
    const piped = path.join(dir, 'piped');
    mkdirSync(piped);
    const bytes = pgDump([]);
    writeFileSync(path.join(piped, ARCHIVE), bytes);
    await expect(checkPgDumpComplete(piped, [ARCHIVE], findClientTool)).resolves.toBeUndefined();
    writeFileSync(path.join(piped, ARCHIVE), bytes.subarray(0, bytes.length - 40));
    await expect(checkPgDumpComplete(piped, [ARCHIVE], findClientTool)).rejects.toThrow(
      /is incomplete \(its last table's data cannot be read back\): pg_restore/,
    );
  });

  it('reads large objects written last; refuses a block of another entry and another format', async () => {
    const blobs = path.join(dir, 'blobs');
    mkdirSync(blobs);
    await withPg((c) => c.query("select lo_from_bytea(0, convert_to(repeat('z', 5000), 'UTF8')), lo_from_bytea(0, '\\x00'::bytea)"), db.url);
    const file = path.join(blobs, ARCHIVE);
    pgDump([`--file=${file}`]);
    await expect(checkPgDumpComplete(blobs, [ARCHIVE], findClientTool)).resolves.toBeUndefined();
    const toc = await readPgArchive(file);
    const last = toc.checked ? toc.entries.filter((e) => e.dataOffset !== undefined).sort((a, b) => b.dataOffset! - a.dataOffset!)[0] : undefined;
    expect(last?.desc).toBe('BLOBS');
    const bytes = readFileSync(file);
    const other = Buffer.from(bytes);
    const idByte = last!.dataOffset! + 2; // the block's entry id
    other[idByte] = other[idByte]! ^ 0xff;
    writeFileSync(file, other);
    await expect(checkPgDumpComplete(blobs, [ARCHIVE], findClientTool)).rejects.toThrow(/is incomplete .*is not that of entry/);
    const tar = Buffer.from(bytes);
    tar[10] = 3;
    writeFileSync(file, tar);
    await expect(checkPgDumpComplete(blobs, [ARCHIVE], findClientTool)).rejects.toThrow(/not a readable pg_dump archive: not a custom-format archive/);
  });

  it('an archive version it does not know goes to pg_restore', async () => {
    const newer = path.join(dir, 'newer');
    mkdirSync(newer);
    pgDump([`--file=${path.join(newer, ARCHIVE)}`]);
    const bytes = readFileSync(path.join(newer, ARCHIVE));
    bytes[6] = 99; // archive version 1.99
    writeFileSync(path.join(newer, ARCHIVE), bytes);
    await expect(checkPgDumpComplete(newer, [ARCHIVE], findClientTool)).rejects.toThrow(/not a readable pg_dump archive: pg_restore exited with code 1/);
  });
});

describe('checkPgDumpComplete without an archive, checkPgCopyComplete', () => {
  it('a table-scoped backup of tables that did not exist has no archive to check', async () => {
    await expect(checkPgDumpComplete(path.join(dir, 'nothing'), ['backup-info.json'], noClientTools)).resolves.toBeUndefined();
  });

  it('accepts complete and empty COPY files, refuses a missing file and a row cut short', async () => {
    const copy = path.join(dir, 'copy');
    mkdirSync(path.join(copy, 'data'), { recursive: true });
    writeFileSync(path.join(copy, 'pre-data.sql'), 'CREATE TABLE t (id int);');
    writeFileSync(path.join(copy, 'data/0001.copy'), '1\tx\n2\ty\n');
    writeFileSync(path.join(copy, 'data/0002.copy'), '');
    const files = ['pre-data.sql', 'data/0001.copy', 'data/0002.copy'];
    await expect(checkPgCopyComplete(copy, files)).resolves.toBeUndefined();
    await expect(checkPgCopyComplete(copy, [...files, 'post-data.sql'])).rejects.toThrow('post-data.sql is missing');
    truncateSync(path.join(copy, 'data/0001.copy'), statSync(path.join(copy, 'data/0001.copy')).size - 2);
    await expect(checkPgCopyComplete(copy, files)).rejects.toThrow('data/0001.copy is cut short (it does not end with a complete row)');
  });
});
