import type { RegisterCommands } from './command-context.ts';

/** docs (the migrations documented from their files and the history). */
export const registerHooksCommands: RegisterCommands = ({ program, m, action, globals }) => {
  program
    .command('docs')
    .description(m.help.docs)
    .option('--out <file>', m.help.docsOut)
    .action(action('docs', async (o: { out?: string }) => (await import('../commands/docs.ts')).docsCommand(globals(), o)));
};
