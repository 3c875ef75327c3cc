import type { RegisterCommands } from './command-context.ts';

/** baseline, import-history, repair. */
export const registerLayoutsCommands: RegisterCommands = ({ program, m, action, globals }) => {
  const h = m.adopt.help;
  const commands = () => import('../commands/adopt.ts');
  program
    .command('baseline <version>')
    .description(h.baseline)
    .action(action('baseline', async (version: string) => (await commands()).baselineCommand(globals(), version)));
  program
    .command('import-history')
    .description(h.importHistory)
    .option('--from <tool>', h.from)
    .option('--table <name>', h.table)
    .option('--trust-files', h.trustFiles)
    .action(
      action('import-history', async (o: { from?: string; table?: string; trustFiles?: boolean }) => (await commands()).importHistoryCommand(globals(), o)),
    );
  program
    .command('repair [version]')
    .description(h.repair)
    .option('--accept-change', h.acceptChange)
    .option('--renamed', h.renamed)
    .option('--clear-failed', h.clearFailed)
    .option('--reason <text>', h.repairReason)
    .action(
      action('repair', async (version: string | undefined, o: { acceptChange?: boolean; renamed?: boolean; clearFailed?: boolean; reason?: string }) =>
        (await commands()).repairCommand(globals(), version, o),
      ),
    );
};
