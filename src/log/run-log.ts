import { closeSync, openSync, writeSync } from 'node:fs';
import path from 'node:path';
import { redactDeep, redactText } from '../privacy/redaction/redact.ts';
import { PRIVATE_FILE_MODE, privateFile, privateFolder } from '../util/private-files.ts';

/**
 * What code writes to the run log: pino's calling convention (fields first, then the message),
 * and `child` for fields every line of a part of the run carries.
 *
 * @example
 * const log: RunLog = createRunLog('/project/.dihya')
 * log.child({ hook: 'afterMigrate #1' }).info({ name: '20261127061249_add_email' }, 'hook done')
 */
export interface RunLog {
  info(details: object, message?: string): void;
  warn(details: object, message?: string): void;
  error(details: object, message?: string): void;
  child(bindings: Record<string, unknown>): RunLog;
}

/** pino's level numbers, so that pino-pretty and the usual tools read the file. */
const LEVELS = { info: 30, warn: 40, error: 50 } as const;

/**
 * The operational log of a project (`.dihya/logs/dihya.log`): one JSON line per run event and
 * error, in pino's format (`level`, `time`, `pid`, the fields, `msg`), for people who debug.
 * Written by a few lines of code rather than pino itself, so a command that logs one line
 * (`status`'s access entry) does not load a logging library. Every field and message is redacted
 * first, so no secret or personal value reaches it. The audit log, not this one, is the record of
 * what changed. A log that cannot be written (read-only state dir, disk full) is given up
 * silently: it never fails a command; commands that must write the state dir check it before the lock.
 *
 * @example
 * const log = createRunLog('/project/.dihya')
 * log.info({ event: 'migration-done', name: '20261127061249_add_email' }, 'migration applied')
 */
export function createRunLog(stateDir: string): RunLog {
  const file = path.join(stateDir, 'logs', 'dihya.log');
  try {
    // 0600 in 0700 folders, the state dir included: the log is private even once redacted.
    privateFolder(stateDir);
    privateFile(file);
  } catch {
    // a state dir this user cannot write: the log is given up (see bestEffortFile)
  }
  return lineLog(bestEffortFile(file), {});
}

function lineLog(out: { write(line: string): void }, bindings: Record<string, unknown>): RunLog {
  const write = (level: keyof typeof LEVELS) => (details: object, message?: string) => {
    const fields = redactDeep({ ...bindings, ...serializable(details) }) as Record<string, unknown>;
    const line = {
      level: LEVELS[level],
      time: new Date().toISOString(),
      pid: process.pid,
      ...fields,
      ...(message === undefined ? {} : { msg: redactText(message) }),
    };
    out.write(`${safeStringify(line)}\n`);
  };
  return { info: write('info'), warn: write('warn'), error: write('error'), child: (more) => lineLog(out, { ...bindings, ...more }) };
}

/** An Error logged as such becomes `{ err: { type, message, stack } }`, as pino writes it. */
function serializable(details: object): Record<string, unknown> {
  if (details instanceof Error) return { err: { type: details.name, message: details.message, stack: details.stack } };
  return details as Record<string, unknown>;
}

/** JSON.stringify that writes bigints as numbers' text and cycles as "[Circular]" instead of throwing. */
function safeStringify(value: unknown): string {
  const seen = new WeakSet<object>();
  return JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'bigint') return v.toString();
    if (v instanceof Error) return { type: v.name, message: v.message, stack: v.stack };
    if (typeof v === 'object' && v !== null) {
      if (seen.has(v)) return '[Circular]';
      seen.add(v);
    }
    return v;
  });
}

/** A destination appending to `file` synchronously, that stops writing at the first failure instead of throwing. */
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
