import { closeSync, openSync, writeSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { Logger } from 'pino';
import type pinoFunction from 'pino';
import { redactDeep, redactText } from '../privacy/redaction/redact.ts';
import { PRIVATE_FILE_MODE, privateFile, privateFolder } from '../util/private-files.ts';

/**
 * The operational log of a project (`.dihya/logs/dihya.log`): one pino JSON line per run event
 * and error, for people who debug. Every field and message is redacted first, so no secret or
 * personal value reaches it. The audit log, not this one, is the record of what changed. A log
 * that cannot be written (read-only state dir, disk full) is given up silently: it never fails a
 * command; commands that must write the state dir check it before the lock.
 *
 * @example
 * const log = createRunLog('/project/.dihya')
 * log.info({ event: 'migration-done', name: '20261127061249_add_email' }, 'migration applied')
 */
export function createRunLog(stateDir: string): Logger {
  const file = path.join(stateDir, 'logs', 'dihya.log');
  try {
    // 0600 in 0700 folders, the state dir included: the log is private even once redacted.
    privateFolder(stateDir);
    privateFile(file);
  } catch {
    // a state dir this user cannot write: the log is given up (see bestEffortFile)
  }
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
    bestEffortFile(file),
  );
}

/** A pino destination appending to `file` synchronously, that stops writing at the first failure instead of throwing. */
function bestEffortFile(file: string): { write(line: string): void } {
  let fd: number | undefined;
  let broken = false;
  return {
    write(line) {
      if (broken) return;
      try {
        if (fd === undefined) {
          privateFolder(path.dirname(file));
          fd = openSync(file, 'a', PRIVATE_FILE_MODE);
        }
        writeSync(fd, line);
      } catch {
        broken = true;
        if (fd !== undefined) closeQuietly(fd);
      }
    },
  };
}

function closeQuietly(fd: number): void {
  try {
    closeSync(fd);
  } catch {
    // already unusable
  }
}
