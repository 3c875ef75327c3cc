import { existsSync, openSync, readSync, closeSync, statSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ClientToolFinder } from '../../../../tools/find-client-tool.ts';
import { privateTempFolder } from '../../../../tools/private-temp.ts';
import { runTool } from '../../../../tools/run-tool.ts';
import { PgArchiveIncompleteError, readPgArchive } from './pg-archive-toc.ts';
import { PG_DUMP_FILE } from './pg-dump-backup.ts';

/**
 * Checks that a pg_dump custom archive is complete: its table of contents is read, and the data
 * block written last is read to its end marker, within the file (see readPgArchive: no
 * process started). An archive that reader cannot check (a newer pg_dump's version) is checked
 * with pg_restore instead: `pg_restore --list` reads the table of contents, then the LAST
 * table-data entry is read back to /dev/null (`--use-list` with that one entry). Either way a file
 * cut anywhere fails, at the cost of reading one table, not the whole archive. pg_restore must be
 * on PATH (a restore needs it).
 *
 * @example
 * await checkPgDumpComplete('/backups/b1', ['database.pgdump', 'backup-info.json'], findClientTool)
 */
export async function checkPgDumpComplete(dir: string, files: readonly string[], findTool: ClientToolFinder): Promise<void> {
  if (!files.includes(PG_DUMP_FILE)) return; // a table-scoped backup of tables that did not exist yet
  const archive = path.join(dir, PG_DUMP_FILE);
  if (!existsSync(archive)) throw new Error(`${PG_DUMP_FILE} is missing`);
  const pgRestore = findTool(['pg_restore']);
  if (!pgRestore) throw new Error('pg_restore not found on PATH: cannot check the archive (install the PostgreSQL client tools)');
  let checked: boolean;
  try {
    ({ checked } = await readPgArchive(archive));
  } catch (error) {
    if (error instanceof PgArchiveIncompleteError) throw incomplete(error);
    throw new Error(`${PG_DUMP_FILE} is not a readable pg_dump archive: ${reason(error)}`, { cause: error });
  }
  if (!checked) await checkWithPgRestore(archive, pgRestore);
}

/** The same check by pg_restore, for an archive version readPgArchive does not know. */
async function checkWithPgRestore(archive: string, pgRestore: string): Promise<void> {
  let toc: string;
  try {
    ({ stdout: toc } = await runTool({ command: pgRestore, args: ['--list', archive] }));
  } catch (error) {
    throw new Error(`${PG_DUMP_FILE} is not a readable pg_dump archive: ${reason(error)}`, { cause: error });
  }
  const dataEntries = toc.split('\n').filter((line) => /^\d+; \d+ \d+ TABLE DATA /.test(line));
  const last = dataEntries.at(-1);
  if (!last) return;
  // The list names a table: it stays in the state dir, not the shared /tmp.
  const work = await privateTempFolder('pgcheck');
  try {
    const list = path.join(work.dir, 'last.list');
    await writeFile(list, `${last}\n`, { mode: 0o600 });
    await runTool({ command: pgRestore, args: ['--data-only', `--use-list=${list}`, '--file=/dev/null', archive] });
  } catch (error) {
    throw incomplete(error);
  } finally {
    await work.remove();
  }
}

/**
 * Checks that every data file of a pg-copy backup is there and ends where COPY text ends (a
 * newline, or empty): a file cut midway fails.
 *
 * @example
 * await checkPgCopyComplete('/backups/b2', ['backup-info.json', 'pre-data.sql', 'data/0001.copy', 'post-data.sql'])
 */
export async function checkPgCopyComplete(dir: string, files: readonly string[]): Promise<void> {
  for (const name of files) {
    const file = path.join(dir, name);
    if (!existsSync(file)) throw new Error(`${name} is missing`);
    if (!name.endsWith('.copy')) continue;
    const size = statSync(file).size;
    if (size === 0) continue;
    const last = Buffer.alloc(1);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, last, 0, 1, size - 1);
    } finally {
      closeSync(fd);
    }
    if (last[0] !== 0x0a) throw new Error(`${name} is cut short (it does not end with a complete row)`);
  }
}

function incomplete(error: unknown): Error {
  return new Error(`${PG_DUMP_FILE} is incomplete (its last table's data cannot be read back): ${reason(error)}`, { cause: error });
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
