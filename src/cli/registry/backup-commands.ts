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
    .command('pin <id>')
    .description(h.backupPin)
    .action(action('backup pin', async (id: string) => (await commands()).backupPinCommand(globals(), id, true)));
  backup
    .command('unpin <id>')
    .description(h.backupUnpin)
    .action(action('backup unpin', async (id: string) => (await commands()).backupPinCommand(globals(), id, false)));
  backup
    .command('prune')
    .description(h.backupPrune)
    .option('--keep <n>', h.keep)
    .option('--older-than <duration>', h.olderThan)
    .action(action('backup prune', async (o: { keep?: string; olderThan?: string }) => (await commands()).backupPruneCommand(globals(), o)));
  backup
    .command('restore <id>')
    .description(h.backupRestore)
    .option('--yes', h.yes)
    .action(action('backup restore', async (id: string, o: { yes?: boolean }) => (await commands()).backupRestoreCommand(globals(), id, o, io)));
};
