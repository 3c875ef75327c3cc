import { cpSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Migrator } from '../../migrations/migrator.ts';
import type { GlobalOptions } from '../global-options.ts';
import type { CliIo, CommandResult } from '../output.ts';
import { progressPrinter } from '../progress.ts';
import { renderStatus } from './status.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples/demo/migrations', import.meta.url));

/**
 * `demo`: the whole workflow on a fresh SQLite database in `.dihya/demo`: status, plan,
 * up, down one step, up again, validate. Uses the example migrations shipped with the package.
 */
export async function demoCommand(globals: GlobalOptions, io: CliIo): Promise<CommandResult> {
  const workspace = path.join(globals.cwd, '.dihya', 'demo');
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  const migrationsDir = path.join(workspace, 'migrations');
  cpSync(EXAMPLES, migrationsDir, { recursive: true });
  const url = `sqlite:${path.join(workspace, 'demo.db')}`;
  const say = (line: string) => {
    if (!globals.json) io.out(line);
  };

  const migrator = await Migrator.open({ cwd: workspace, overrides: { url, migrationsDir } });
  migrator.onEvent(progressPrinter(io, !globals.json));
  try {
    say(`dihya-migrate demo: SQLite database ${path.relative(globals.cwd, path.join(workspace, 'demo.db'))}, migrations copied from examples/demo\n`);
    say('== status (nothing applied yet)');
    renderStatus(await migrator.status()).forEach(say);
    say('\n== plan (dry run: the SQL `up` would send)');
    const plan = await migrator.plan();
    for (const p of plan) say(`-- ${p.name}: ${p.statements.length} statement(s)${p.incomplete ? ' (data-dependent, followed partly)' : ''}`);
    say('\n== up');
    const applied = await migrator.up();
    say('\n== status');
    renderStatus(await migrator.status()).forEach(say);
    say('\n== down (revert the last migration)');
    const reverted = await migrator.down();
    say('\n== up again');
    const reapplied = await migrator.up();
    say('\n== validate');
    const validation = await migrator.validate();
    say(`ok: ${validation.files} files, ${validation.applied} applied unchanged, ${validation.pending} pending`);
    say(`\ndemo finished: ${applied.length} applied, ${reverted.length} reverted, ${reapplied.length} re-applied. Explore it with:`);
    say(`  npx dihya-migrate status --url ${url.replace(globals.cwd + path.sep, './')} --migrations ${path.relative(globals.cwd, migrationsDir)}`);
    return { json: { workspace, applied, reverted, reapplied, validation }, text: [] };
  } finally {
    await migrator.close();
  }
}
