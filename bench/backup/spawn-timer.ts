import type { ChildProcess } from 'node:child_process';
import { createRequire, syncBuiltinESMExports } from 'node:module';

/** One child process started by this process, with when it started and closed (performance.now()). */
export interface SpawnRecord {
  command: string;
  args: string[];
  startMs: number;
  /** Undefined while it runs. */
  endMs: number | undefined;
}

/** Every child process spawned since {@link recordSpawns} was called. */
export const spawnLog: SpawnRecord[] = [];

type Spawn = (command: string, ...rest: unknown[]) => ChildProcess;

/**
 * Wraps `child_process.spawn` (and, through syncBuiltinESMExports, every module's
 * `import { spawn } from 'node:child_process'`) so each child's start and close times land in
 * {@link spawnLog}. This times dihya-migrate's pg_dump child without changing its code;
 * the wrapper only adds a 'close' listener. Call once, before the timed runs.
 *
 * @example
 * recordSpawns()
 * await migrator.backupNow('bench')
 * spawnLog.filter((s) => s.args.includes('--format=custom'))
 */
export function recordSpawns(): void {
  const childProcess = createRequire(import.meta.url)('node:child_process') as { spawn: Spawn };
  const original = childProcess.spawn;
  childProcess.spawn = function timedSpawn(this: unknown, command: string, ...rest: unknown[]): ChildProcess {
    const child = original.call(this, command, ...rest);
    const record: SpawnRecord = { command, args: Array.isArray(rest[0]) ? rest[0].map(String) : [], startMs: performance.now(), endMs: undefined };
    spawnLog.push(record);
    child.once('close', () => {
      record.endMs = performance.now();
    });
    return child;
  };
  syncBuiltinESMExports();
}
