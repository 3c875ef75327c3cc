import type { RegisterCommands } from './command-context.ts';

/** check, metrics. */
export const registerMonitorCommands: RegisterCommands = ({ program, m, action, globals }) => {
  const h = m.help;
  const commands = () => import('../commands/monitor.ts');
  program
    .command('check')
    .description(h.check)
    .action(action('check', async () => (await commands()).checkCommand(globals())));
  program
    .command('metrics')
    .description(h.metrics)
    .action(action('metrics', async () => (await commands()).metricsCommand(globals())));
};
