import type { RegisterCommands } from './command-context.ts';

/** backup list | create | verify | restore. */
export const registerBackupCommands: RegisterCommands = ({ program, m, io, action, globals }) => {
  const h = m.help;
  const backup = program.command('backup').description(h.backup);
  const commands = () => import('../commands/backup.ts');
  backup
    .command('list')
    .description(h.backupList)
    .action(action('backup list', async () => (await commands()).backupListCommand(globals())));
  backup
    .command('create')
    .description(h.backupCreate)
    .option('--reason <text>', h.reason)
    .action(action('backup create', async (o: { reason?: string }) => (await commands()).backupCreateCommand(globals(), o, io)));
  backup
    .command('verify [id]')
    .description(h.backupVerify)
    .action(action('backup verify', async (id: string | undefined) => (await commands()).backupVerifyCommand(globals(), id, io)));
  backup
    .command('restore <id>')
    .description(h.backupRestore)
    .option('--yes', h.yes)
    .action(action('backup restore', async (id: string, o: { yes?: boolean }) => (await commands()).backupRestoreCommand(globals(), id, o, io)));
};
