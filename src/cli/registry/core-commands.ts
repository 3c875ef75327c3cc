import type { RegisterCommands } from './command-context.ts';

/** init, new, status, plan, up, down, validate, resolve, demo. */
export const registerCoreCommands: RegisterCommands = ({ program, m, io, action, globals }) => {
  const h = m.help;
  program
    .command('init')
    .description(h.init)
    .action(action('init', async () => (await import('../commands/init.ts')).initCommand(globals())));
  program
    .command('new <slug>')
    .description(h.new)
    .option('--sql', h.newSql)
    .option('--sector <name>', h.newSector)
    .action(action('new', async (slug: string, o: { sql?: boolean; sector?: string }) => (await import('../commands/new.ts')).newCommand(globals(), slug, o)));
  program
    .command('status')
    .description(h.status)
    .action(action('status', async () => (await import('../commands/status.ts')).statusCommand(globals())));
  program
    .command('plan')
    .description(h.plan)
    .option('--to <version>', h.to)
    .option('--statements', m.sqlFiles.statementsOption)
    .action(action('plan', async (o: { to?: string; statements?: boolean }) => (await import('../commands/plan.ts')).planCommand(globals(), o, io)));
  program
    .command('up')
    .description(h.up)
    .option('--to <version>', h.to)
    .option('--dry-run', h.dryRun)
    .option('--out-of-order', h.outOfOrder)
    .option('--atomic', h.atomic)
    .action(
      action('up', async (o: { to?: string; dryRun?: boolean; outOfOrder?: boolean; atomic?: boolean }) => {
        const g = { ...globals(), outOfOrder: Boolean(o.outOfOrder), ...(o.dryRun ? { command: 'up --dry-run' } : {}) };
        return o.dryRun ? (await import('../commands/plan.ts')).planCommand(g, o, io) : (await import('../commands/up.ts')).upCommand(g, o, io);
      }),
    );
  program
    .command('down')
    .description(h.down)
    .option('--steps <n>', h.steps)
    .option('--to <version>', h.downTo)
    .action(action('down', async (o: { steps?: string; to?: string }) => (await import('../commands/down.ts')).downCommand(globals(), o, io)));
  program
    .command('validate')
    .description(h.validate)
    .action(action('validate', async () => (await import('../commands/validate.ts')).validateCommand(globals())));
  program
    .command('resolve [version]')
    .description(h.resolve)
    .option('--applied', h.applied)
    .option('--rolled-back', h.rolledBack)
    .option('--undo', h.undo)
    .option('--abandon-restore', h.abandonRestore)
    .action(
      action('resolve', async (version: string | undefined, o: { applied?: boolean; rolledBack?: boolean; undo?: boolean; abandonRestore?: boolean }) =>
        (await import('../commands/resolve.ts')).resolveCommand(globals(), version, o),
      ),
    );
  program
    .command('demo')
    .description(h.demo)
    .option('--sector <name>', h.demoSector)
    .action(action('demo', async (o: { sector?: string }) => (await import('../commands/demo.ts')).demoCommand(globals(), io, o)));
};
