import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from 'pino';
import type pinoFunction from 'pino';
import { redactDeep, redactText } from '../privacy/redaction/redact.ts';
import { privateFile, privateFolder } from '../util/private-files.ts';

/**
 * The operational log of a project (`.dihya/logs/dihya.log`): one pino JSON line per run event
 * and error, for people who debug. Every field and message is redacted first, so no secret or
 * personal value reaches it. The audit log, not this one, is the record of what changed.
 *
 * @example
 * const log = createRunLog('/project/.dihya')
 * log.info({ event: 'migration-done', name: '20261127061249_add_email' }, 'migration applied')
 */
export function createRunLog(stateDir: string): Logger {
  const file = path.join(stateDir, 'logs', 'dihya.log');
  // 0600 in 0700 folders, the state dir included: the log is private even once redacted.
  privateFolder(stateDir);
  privateFile(file);
  // Required here, not imported: only a run that logs pays for loading pino (not `status`, `--version`).
  const pino = createRequire(import.meta.url)('pino') as typeof pinoFunction;
  return pino(
    {
      base: { pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { log: (object) => redactDeep(object) },
      hooks: {
        logMethod(args, method) {
          method.apply(this, args.map((a) => (typeof a === 'string' ? redactText(a) : a)) as Parameters<typeof method>);
        },
      },
    },
    pino.destination({ dest: file, sync: true }),
  );
}
