import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DihyaError } from '../../errors/dihya-error.ts';
import { Migrator } from '../../migrator/migrator.ts';
import { BUILT_IN_SECTORS } from '../../sectors/load-packs.ts';
import type { GlobalOptions } from '../global-options.ts';
import type { CliIo, CommandResult } from '../output.ts';
import { progressPrinter } from '../progress.ts';

const EXAMPLES = fileURLToPath(new URL('../../../examples', import.meta.url));

/**
 * `demo --sector <name>`: a sector example on a fresh SQLite database in `.dihya/demo-<name>`:
 * up with the pack (its checks in each migration's transaction), what the pack wrote in the
 * audit, then a wrong migration of the example (`examples/<name>/wrong/`) stopped by the pack.
 */
export async function sectorDemoCommand(globals: GlobalOptions, io: CliIo, sector: string): Promise<CommandResult> {
  const t = globals.m.sectors;
  if (!BUILT_IN_SECTORS[sector] || !existsSync(path.join(EXAMPLES, sector))) {
    throw new DihyaError('SECTOR_NOT_FOUND', { sector, reason: 'no example for this sector', known: Object.keys(BUILT_IN_SECTORS).join(', ') });
  }
  const workspace = path.join(globals.cwd, '.dihya', `demo-${sector}`);
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(workspace, { recursive: true });
  const migrationsDir = path.join(workspace, 'migrations');
  cpSync(path.join(EXAMPLES, sector, 'migrations'), migrationsDir, { recursive: true });
  const configFile = path.join(workspace, 'dihya.config.json');
  writeFileSync(configFile, `${JSON.stringify({ url: `sqlite:./${sector}.db`, migrationsDir: 'migrations', sectors: [sector] }, null, 2)}\n`);
  const say = (line: string) => {
    if (!globals.json) io.out(line);
  };
  const migrator = await Migrator.open({ cwd: globals.cwd, configPath: configFile, env: {} });
  migrator.onEvent(progressPrinter(io, globals.m, !globals.json));
  try {
    const pack = await BUILT_IN_SECTORS[sector]();
    say(t.demoIntro(sector, path.relative(globals.cwd, path.join(workspace, `${sector}.db`))));
    say(t.demoPack(pack.description[t.language]));
    say(t.demoUp);
    const applied = await migrator.up();
    say(t.demoAudit);
    const written = migrator.safety.audit
      .entries()
      .filter((e) => e.event === 'data.access' || (e.event === 'hook.note' && String(e.hook).startsWith(`sector ${sector}`)));
    for (const entry of written) {
      const text =
        entry.event === 'data.access'
          ? t.demoAccess((entry.tables as string[]).join(', '), Number(entry.rows), String(entry.outcome))
          : t.language === 'fr' && typeof (entry.details as Record<string, unknown> | undefined)?.fr === 'string'
            ? String((entry.details as Record<string, unknown>).fr)
            : String(entry.message);
      say(t.demoEntry(entry.event, String(entry.hook), String(entry.migration), text));
    }
    say(t.demoRefused);
    const wrongDir = path.join(EXAMPLES, sector, 'wrong');
    const wrong = readdirSync(wrongDir);
    for (const file of wrong) cpSync(path.join(wrongDir, file), path.join(migrationsDir, file));
    let stopped: DihyaError | undefined;
    try {
      await migrator.up();
    } catch (error) {
      if (!(error instanceof DihyaError)) throw error;
      stopped = error;
      say(t.demoStopped(error.code, error.message));
    }
    for (const file of wrong) rmSync(path.join(migrationsDir, file));
    say(t.demoFinished(applied.length));
    return {
      json: {
        workspace,
        sector,
        applied: applied.map((a) => a.name),
        audit: written.map((e) => ({ event: e.event, hook: e.hook, migration: e.migration })),
        stopped: stopped ? { code: stopped.code, message: stopped.message } : null,
      },
      text: [],
    };
  } finally {
    await migrator.close();
  }
}
