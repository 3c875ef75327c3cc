import { existsSync, readdirSync, rmSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { privateFolder } from '../util/private-files.ts';

/*
 * Temporary files that hold a secret or data (a MariaDB option file with the password, a schema
 * dump) live in the project's state dir (`.dihya/tmp/`, 0700), never in the shared /tmp. Each
 * folder is named after the process that made it; it is removed when done, on exit and on
 * SIGINT/SIGTERM, and a folder a SIGKILL left behind is swept by the next run (its process is gone).
 */

let root: string | undefined;
const live = new Set<string>();

/**
 * Where private temporary folders go from now on: `<stateDir>/tmp` (set when a Migrator opens a
 * project), or the OS temp folder when unset. Process-wide: the last project opened wins.
 *
 * @example
 * usePrivateTempRoot('/project/.dihya/tmp')
 */
export function usePrivateTempRoot(dir: string | undefined): void {
  root = dir;
}

/** A private temporary folder and how to remove it. */
export interface PrivateTempFolder {
  dir: string;
  remove(): Promise<void>;
}

/**
 * Creates a private temporary folder (0700) named `<prefix>-<pid>-<random>`; call `remove()` in
 * a `finally`. It is also removed when the process exits or is interrupted before that.
 *
 * @example
 * const temp = await privateTempFolder('mysql')
 * try { writeFileSync(path.join(temp.dir, 'client.cnf'), text, { mode: 0o600 }) } finally { await temp.remove() }
 */
export async function privateTempFolder(prefix: string): Promise<PrivateTempFolder> {
  const parent = root ?? os.tmpdir();
  if (root) privateFolder(root);
  const dir = await mkdtemp(path.join(parent, `${root ? '' : 'dihya-'}${prefix}-${process.pid}-`));
  track(dir);
  return {
    dir,
    remove: async () => {
      await rm(dir, { recursive: true, force: true });
      untrack(dir);
    },
  };
}

/**
 * Removes the folders in `dir` that a process no longer running left behind (a SIGKILL during a
 * dump or restore); returns their names. Folders of running processes stay.
 *
 * @example
 * sweepPrivateTemp('/project/.dihya/tmp') // ['mysql-41234-x1Yz9a']
 */
export function sweepPrivateTemp(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const swept: string[] = [];
  for (const name of readdirSync(dir)) {
    const pid = Number(/-(\d+)-[^-]*$/.exec(name)?.[1]);
    if (Number.isInteger(pid) && pid > 0 && (pid === process.pid || isRunning(pid))) continue;
    rmSync(path.join(dir, name), { recursive: true, force: true });
    swept.push(name);
  }
  return swept;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

function removeLive(): void {
  for (const dir of live) rmSync(dir, { recursive: true, force: true });
  live.clear();
}

/** Removes the live folders, then lets the signal do what it would have done. */
function onSignal(signal: NodeJS.Signals): void {
  removeLive();
  stopWatching();
  process.kill(process.pid, signal);
}

function track(dir: string): void {
  if (live.size === 0) {
    process.on('exit', removeLive);
    for (const signal of SIGNALS) process.on(signal, onSignal);
  }
  live.add(dir);
}

function untrack(dir: string): void {
  live.delete(dir);
  if (live.size === 0) stopWatching();
}

function stopWatching(): void {
  process.off('exit', removeLive);
  for (const signal of SIGNALS) process.off(signal, onSignal);
}
