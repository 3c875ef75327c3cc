import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeAuditLine } from '../src/audit/audit-line.ts';
import { verifyAuditChain } from '../src/audit/verify-chain.ts';
import { cli } from './helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from './helpers/databases.ts';
import { createProject, type TestProject } from './helpers/project.ts';
import { query } from './helpers/tables.ts';

const MIGRATIONS = {
  '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key, body varchar(100));\n-- migrate:down\ndrop table notes;\n',
  '20260102000000_add_flag.sql': '-- migrate:up\nalter table notes add column flag integer;\n-- migrate:down\nalter table notes drop column flag;\n',
};

describe.each(DIALECTS)('audit log on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const auditFile = () => {
    const dir = path.join(project.dir, '.dihya', 'logs');
    return path.join(
      dir,
      readdirSync(dir).find((f) => f.startsWith('audit-'))!,
    );
  };

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject(MIGRATIONS);
    expect((await run('up')).code).toBe(0);
    expect((await run('down')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('writes one timestamped, credential-free JSON line per operation, mirrored in the database', async () => {
    const lines = readFileSync(auditFile(), 'utf8').trimEnd().split('\n');
    const entries = lines.map((l) => JSON.parse(l));
    // MariaDB cannot roll back DDL: a migration that alters an existing table backs that table up just before.
    expect(entries.map((e) => e.event)).toEqual([
      'run.start',
      'backup.created',
      'migration.applied',
      ...(dialect === 'mysql' ? ['backup.created'] : []),
      'migration.applied',
      'run.end',
      'schema.recorded',
      'access',
      'run.start',
      'backup.created',
      // …and before reverting a schema change, the table it alters.
      ...(dialect === 'mysql' ? ['backup.created'] : []),
      'migration.reverted',
      'run.end',
      'schema.recorded',
      'access',
    ]);
    for (const [i, e] of entries.entries()) {
      expect(e.seq).toBe(i + 1);
      expect(new Date(e.ts).toISOString()).toBe(e.ts);
      expect(e.actor).toBeTruthy();
      expect(e.target).toBe(db.url.startsWith('sqlite:') ? db.url : db.url.replace(/:[^:@/]*@/, ':***@'));
      expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(entries[2].schemaChanges).toEqual(['+table notes']);
    const mirror = await query<{ seq: number; line: string }>(db.url, 'select seq, line from dihya_audit order by seq');
    expect(mirror.map((r) => r.line)).toEqual(lines);
    const ok = await run('audit', 'verify');
    expect(ok.code).toBe(0);
    expect(ok.json.entries).toBe(lines.length);
  });

  it('names the entry when any byte of any entry is changed or deleted', async () => {
    const text = readFileSync(auditFile(), 'utf8');
    const mirror = (await query<{ seq: number; line: string }>(db.url, 'select seq, line from dihya_audit order by seq')).map((r) => ({
      seq: Number(r.seq),
      line: r.line,
    }));
    expect(verifyAuditChain(text.split('\n'), mirror).problems).toEqual([]);
    const lines = text.trimEnd().split('\n');
    let offset = 0;
    let checked = 0;
    for (const [index, line] of lines.entries()) {
      const seq = index + 1;
      for (let i = 0; i <= line.length; i++) {
        const at = offset + i; // i === line.length is the line's newline
        const deleted = text.slice(0, at) + text.slice(at + 1);
        const changed = text.slice(0, at) + (text[at] === 'x' ? 'y' : 'x') + text.slice(at + 1);
        for (const tampered of [deleted, changed]) {
          const { problems } = verifyAuditChain(tampered.split('\n'), mirror);
          expect(problems.length, `byte ${i} of entry ${seq}`).toBeGreaterThan(0);
          expect(problems[0]!.seq, `byte ${i} of entry ${seq}`).toBe(seq);
          checked++;
        }
      }
      offset += line.length + 1;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('fails `audit verify` with exit code 1 and names a changed, a removed and a last deleted entry', async () => {
    const file = auditFile();
    const original = readFileSync(file, 'utf8');
    const lines = original.trimEnd().split('\n');

    writeFileSync(file, original.replace('"event":"migration.applied"', '"event":"migration.applyed"'));
    let verify = await run('audit', 'verify');
    expect(verify.code).toBe(1);
    expect(verify.json.error.code).toBe('AUDIT_TAMPERED');
    expect(verify.json.error.message).toMatch(/entry 3 \(line 3 of audit-/);

    writeFileSync(file, [...lines.slice(0, 4), ...lines.slice(5)].join('\n') + '\n');
    verify = await run('audit', 'verify');
    expect(verify.json.error.message).toMatch(/entry 5\b/);

    writeFileSync(file, lines.slice(0, -1).join('\n') + '\n');
    verify = await run('audit', 'verify');
    expect(verify.json.error.message).toMatch(new RegExp(`entry ${lines.length} .*missing from the file`));

    await query(db.url, `update dihya_audit set line = replace(line, '"ts":"2', '"ts":"3') where seq = 5`);
    writeFileSync(file, original);
    verify = await run('audit', 'verify');
    expect(verify.json.error.message).toMatch(/entry 5 .*differs from the database mirror/);
  });

  it('refuses to append to a log that disagrees with its mirror, and rebuilds a missing file from the mirror', async () => {
    const file = auditFile();
    const original = readFileSync(file, 'utf8');
    writeFileSync(file, original.replace('"command":"down"', '"command":"d0wn"'));
    const blocked = await run('up');
    expect(blocked.code).toBe(1);
    expect(blocked.json.error.code).toBe('AUDIT_BROKEN');

    renameSync(file, `${file}.aside`);
    const up = await run('up');
    expect(up.code).toBe(0);
    const rebuilt = readFileSync(file, 'utf8');
    expect(rebuilt.startsWith(original)).toBe(true);
    const events = rebuilt
      .trimEnd()
      .split('\n')
      .map((l) => decodeAuditLine(l))
      .map((d) => (d.ok ? d.entry.event : 'bad'));
    const before = original.trimEnd().split('\n').length;
    expect(events.slice(before, before + 2)).toEqual(['audit.file-rebuilt', 'run.start']);
    expect((await run('audit', 'verify')).code).toBe(0);
  });
});
