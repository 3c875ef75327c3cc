import type { RegisterCommands } from './command-context.ts';

/** privacy scan, anonymize, subject export | erase. */
export const registerPrivacyCommands: RegisterCommands = ({ program, m, io, action, globals }) => {
  const h = m.privacy.help;
  const commands = () => import('../commands/privacy.ts');
  const privacy = program.command('privacy').description(h.privacy);
  privacy
    .command('scan')
    .description(h.scan)
    .option('--check', h.check)
    .action(action('privacy scan', async (o: { check?: boolean }) => (await commands()).privacyScanCommand(globals(), o)));
  program
    .command('anonymize')
    .description(h.anonymize)
    .option('--into <url>', h.into)
    .option('--in-place', h.inPlace)
    .option('--yes', h.yesAnonymize)
    .action(action('anonymize', async (o: { into?: string; inPlace?: boolean; yes?: boolean }) => (await commands()).anonymizeCommand(globals(), o, io)));
  const subject = program.command('subject').description(h.subject);
  subject
    .command('export <subject> <id>')
    .description(h.subjectExport)
    .option('--out <file>', h.out)
    .action(action('subject export', async (name: string, id: string, o: { out?: string }) => (await commands()).subjectExportCommand(globals(), name, id, o)));
  subject
    .command('erase <subject> <id>')
    .description(h.subjectErase)
    .option('--yes', h.yesErase)
    .action(action('subject erase', async (name: string, id: string, o: { yes?: boolean }) => (await commands()).subjectEraseCommand(globals(), name, id, o)));
};
