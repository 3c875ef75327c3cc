import { registerAuditCommands } from './audit-commands.ts';
import { registerBackupCommands } from './backup-commands.ts';
import type { RegisterCommands } from './command-context.ts';
import { registerCoreCommands } from './core-commands.ts';
import { registerDwebCommands } from './dweb-commands.ts';
import { registerMonitorCommands } from './monitor-commands.ts';
import { registerPrivacyCommands } from './privacy-commands.ts';
import { registerRehearseCommands } from './rehearse-commands.ts';

/** Every group of commands, in the order `--help` lists them. A new group adds one line here. */
export const COMMAND_GROUPS: RegisterCommands[] = [
  registerCoreCommands,
  registerBackupCommands,
  registerAuditCommands,
  registerPrivacyCommands,
  registerMonitorCommands,
  registerDwebCommands,
  registerRehearseCommands,
];
