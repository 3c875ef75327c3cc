import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Migrator } from '../../migrator/migrator.ts';
import { packageRoot } from '../../util/package-root.ts';
import { formatTable } from '../format-table.ts';
import type { GlobalOptions } from '../global-options.ts';
import type { CliIo, CommandResult } from '../output.ts';
import { progressPrinter } from '../progress.ts';
import { renderStatus } from './status.ts';

const EXAMPLES = path.join(packageRoot(), 'examples', 'demo', 'migrations');

/**
 * `demo`: the whole workflow on a fresh SQLite database in `.dihya/demo`: status, plan, up (with
 * its backup, checks and audit), down one step, up again, validate, backup list and verify, audit
 * verify. Uses the example migrations shipped with the package.
 */
export async function demoCommand(globals: GlobalOptions, io: CliIo): Promise<CommandResult> {
  const t = globals.m.demo;
  const workspace = path.join(globals.cwd, '.dihya', 'demo');
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  const migrationsDir = path.join(workspace, 'migrations');
  cpSync(EXAMPLES, migrationsDir, { recursive: true });
  const configFile = path.join(workspace, 'dihya.config.json');
  writeFileSync(configFile, `${JSON.stringify({ url: 'sqlite:./demo.db', migrationsDir: 'migrations' }, null, 2)}\n`);
  const shownConfig = path.relative(globals.cwd, configFile);
  const say = (line: string) => {
    if (!globals.json) io.out(line);
  };

  const migrator = await Migrator.open({ cwd: globals.cwd, configPath: configFile, env: {} });
  migrator.onEvent(progressPrinter(io, globals.m, !globals.json));
  try {
    say(t.intro(path.relative(globals.cwd, path.join(workspace, 'demo.db'))));
    say(t.status0);
    renderStatus(await migrator.status(), globals.m).forEach(say);
    say(t.plan);
    const plan = await migrator.plan();
    for (const p of plan) {
      say(t.planLine(p.name, p.statements.length, p.incomplete !== undefined));
      if (p.schemaChanges?.length) say(`   ${globals.m.plan.schemaChanges(p.schemaChanges.join('; '))}`);
    }
    say(t.up);
    const applied = await migrator.up();
    say(t.status);
    renderStatus(await migrator.status(), globals.m).forEach(say);
    say(t.down);
    const reverted = await migrator.down();
    say(t.upAgain);
    const reapplied = await migrator.up();
    say(t.validate);
    const validation = await migrator.validate();
    say(t.validated(validation.files, validation.applied, validation.pending));
    say(t.backups);
    const backups = migrator.safety.backups.list();
    formatTable(
      globals.m.backup.headers.slice(0, 2).concat(globals.m.backup.headers.slice(5)),
      backups.map((b) => [b.id, b.method, b.reason]),
    ).forEach(say);
    const check = await migrator.verifyBackup('latest');
    say(globals.m.backup.verified(check.manifest.id, Object.keys(check.manifest.rowCounts).length));
    say(t.audit);
    const audit = await migrator.safety.audit.verify();
    say(globals.m.audit.ok(audit.entries.length, path.relative(globals.cwd, migrator.safety.audit.file)));
    say(t.finished(applied.length, reverted.length, reapplied.length));
    for (const command of ['status', 'audit show', 'backup list']) say(`  npx dihya-migrate ${command} --config ${shownConfig}`);
    return {
      json: {
        workspace,
        applied,
        reverted,
        reapplied,
        validation,
        backups: backups.length,
        backupVerified: check.differences.length === 0,
        auditEntries: audit.entries.length,
      },
      text: [],
    };
  } finally {
    await migrator.close();
  }
}
