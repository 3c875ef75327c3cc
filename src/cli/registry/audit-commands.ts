import type { RegisterCommands } from './command-context.ts';

/** audit show | verify. */
export const registerAuditCommands: RegisterCommands = ({ program, m, action, globals }) => {
  const h = m.help;
  const audit = program.command('audit').description(h.audit);
  const commands = () => import('../commands/audit.ts');
  audit
    .command('show')
    .description(h.auditShow)
    .option('--limit <n>', h.limit)
    .action(action('audit show', async (o: { limit?: string }) => (await commands()).auditShowCommand(globals(), o)));
  audit
    .command('verify')
    .description(h.auditVerify)
    .action(action('audit verify', async () => (await commands()).auditVerifyCommand(globals())));
};
