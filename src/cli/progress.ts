import type { RunEvent } from '../migrations/run-events.ts';
import type { CliIo } from './output.ts';

/** Prints run events as they happen (text mode only); returns the listener. */
export function progressPrinter(io: CliIo, enabled: boolean): (event: RunEvent) => void {
  return (event) => {
    if (!enabled) return;
    switch (event.type) {
      case 'lock-acquired':
        if (event.waitedMs > 1000) io.out(`lock acquired after waiting ${event.waitedMs} ms`);
        break;
      case 'migration-start':
        io.out(`${event.direction === 'up' ? '→ applying' : '← reverting'} ${event.name}${event.transactional ? '' : ' (outside a transaction)'}`);
        break;
      case 'migration-retry':
        io.out(`  table lock not granted (attempt ${event.attempt}); retrying in ${event.delayMs} ms`);
        break;
      case 'migration-done':
        io.out(`  done in ${event.durationMs} ms`);
        break;
      case 'migration-failed':
        io.out(`  failed (${event.rolledBack ? 'rolled back, nothing kept' : 'may be partly applied'})`);
        break;
      default:
        break;
    }
  };
}
