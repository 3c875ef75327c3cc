import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createProject, type TestProject } from './helpers/project.ts';

/** `plan` in text mode (SQLite): the marks it puts on each pending migration. */
describe('plan text (SQLite)', () => {
  let project: TestProject;
  let url: string;

  beforeEach(() => {
    project = createProject({
      '20260101000000_outside.sql': '-- migrate:up transaction:false\ncreate table outside (id integer primary key);\n',
      '20260102000000_code.ts': `export default {
        description: 'a TypeScript step',
        async up({ run }) { await run('create table code_made (id integer primary key)'); },
      };\n`,
    });
    url = `sqlite:${path.join(project.dir, 'app.db')}`;
    new DatabaseSync(path.join(project.dir, 'app.db')).close();
  });
  afterEach(() => project.cleanup());

  it('marks a migration outside a transaction, names where each statement comes from, and lists the sector checks that apply', async () => {
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ sectors: ['ecommerce'] }));
    const plan = await cli(['plan', '--statements', '--url', url], project.dir);
    expect(plan.code, plan.stderr).toBe(0);
    const en = (await import('../src/cli/i18n/messages-en.ts')).en;
    expect(plan.stdout).toContain(`-- 20260101000000_outside: `);
    expect(plan.stdout).toContain(en.plan.outsideTransaction);
    expect(plan.stdout).toContain('-- 20260102000000_code: a TypeScript step');
    expect(plan.stdout).toContain(en.sqlFiles.at('migrations/20260101000000_outside.sql:2'));
    expect(plan.stdout).toMatch(/migrations\/20260102000000_code\.ts/);
    const json = await cli(['plan', '--url', url, '--json'], project.dir);
    const hooks = json.json.pending.map((p: { hooks?: string[] }) => p.hooks);
    expect(hooks.every((h: string[] | undefined) => Array.isArray(h))).toBe(true);
    for (const h of hooks as string[][]) expect(plan.stdout).toContain(h.length > 0 ? en.sectors.applies(h.join(', ')) : en.sectors.appliesNone);
  });

  it('docs with a sector pack: applied and pending migrations, the checks that run, the schema changes recorded', async () => {
    writeFileSync(path.join(project.dir, 'dihya.config.json'), JSON.stringify({ sectors: ['ecommerce'] }));
    expect((await cli(['up', '--to', '20260101000000', '--url', url], project.dir)).code).toBe(0);
    const docs = await cli(['docs', '--url', url, '--json'], project.dir);
    expect(docs.code, docs.stdout).toBe(0);
    const text = readFileSync(docs.json.file, 'utf8');
    expect(text).toMatch(/\| 20260101000000 \| .* \| applied \|/);
    expect(text).toMatch(/\| 20260102000000 \| \[a TypeScript step\]\(#20260102000000\) \| — \| pending \|/);
    expect(text).toContain('- transaction: runs outside a transaction');
    expect(text).toMatch(/- schema changes: \+table outside/);
    expect(text).toMatch(/- applied: \S+ by .* on sqlite:/);
  });
});
