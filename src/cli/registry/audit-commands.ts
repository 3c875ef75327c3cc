import type { RegisterCommands } from './command-context.ts';

/** audit show | verify [--against bundle.car] | seal. */
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
    .option('--against <bundle>', m.dweb.help.auditAgainst)
    .action(action('audit verify', async (o: { against?: string }) => (await commands()).auditVerifyCommand(globals(), o)));
  audit
    .command('seal')
    .description(h.auditSeal)
    .action(action('audit seal', async () => (await commands()).auditSealCommand(globals())));
};
