import type { RegisterCommands } from './command-context.ts';

/** rehearse, lint. */
export const registerRehearseCommands: RegisterCommands = ({ program, m, io, action, globals }) => {
  const h = m.rehearsal.help;
  program
    .command('rehearse')
    .description(h.rehearse)
    .option('--to <version>', h.to)
    .option('--anonymize', h.anonymize)
    .action(action('rehearse', async (o: { to?: string; anonymize?: boolean }) => (await import('../commands/rehearse.ts')).rehearseCommand(globals(), o, io)));
};
