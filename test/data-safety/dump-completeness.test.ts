import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findClientTool } from '../../src/tools/find-client-tool.ts';
import { runCliProcess } from '../helpers/cli.ts';
import { createScratchDatabase, testsOn, type Dialect, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';
import { createBulkTables } from '../helpers/bulk-tables.ts';

/**
 * A stand-in for the dump tool that runs the real one and then cuts its output file in half, but
 * still exits 0: what a broken disk or a faulty tool can leave behind.
 */
function truncatingTool(dir: string, name: string, fileFlag: string): void {
  const real = findClientTool([name])!;
  writeFileSync(
    path.join(dir, name),
    `#!/bin/sh
"${real}" "$@" || exit $?
for arg in "$@"; do case "$arg" in ${fileFlag}=*) file="\${arg#${fileFlag}=}";; esac; done
size=$(wc -c < "$file")
truncate -s $((size / 2)) "$file"
exit 0
`,
  );
  chmodSync(path.join(dir, name), 0o755);
}

const cases: { dialect: Dialect; tool: string; flag: string }[] = [
  { dialect: 'postgres', tool: 'pg_dump', flag: '--file' },
  { dialect: 'mysql', tool: 'mariadb-dump', flag: '--result-file' },
];

describe.each(cases.filter((c) => testsOn(c.dialect)))('a truncated dump whose tool exited 0 ($tool)', ({ dialect, tool, flag }) => {
  let db: ScratchDatabase;
  let project: TestProject;
  let bin: string;

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject();
    await createBulkTables(dialect, db.url, 2, 20_000);
    bin = mkdtempSync(path.join(os.tmpdir(), 'dihya-fake-tools-'));
    truncatingTool(bin, tool, flag);
  });
  afterEach(async () => {
    project.cleanup();
    rmSync(bin, { recursive: true, force: true });
    await db.drop();
  });

  it('is refused by the quick verification, and no backup is kept', async () => {
    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH}` };
    const created = await runCliProcess(['backup', 'create', '--url', db.url, '--json'], { cwd: project.dir, env });
    expect(created.code).toBe(1);
    const error = JSON.parse(created.stdout).error;
    expect(error.code).toBe('BACKUP_FAILED');
    expect(error.message).toMatch(/incomplete|not a readable pg_dump archive|cut short/);
    const list = JSON.parse((await runCliProcess(['backup', 'list', '--url', db.url, '--json'], { cwd: project.dir })).stdout);
    expect(list.backups).toEqual([]);
  });
});
