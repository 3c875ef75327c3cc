import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('./cli-entry.ts', import.meta.url));

export interface CliRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI as a real process (from source) in `cwd`. */
export function startCli(
  args: string[],
  options: { cwd: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number },
): { child: ChildProcess; done: Promise<CliRun> } {
  const child = spawn(process.execPath, [ENTRY, ...args], {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    ...(options.uid === undefined ? {} : { uid: options.uid }),
    ...(options.gid === undefined ? {} : { gid: options.gid }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<CliRun>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** Runs the CLI as a real process (as another user with `uid`/`gid`, when the tests run as root) and waits for it. */
export function runCliProcess(args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number }): Promise<CliRun> {
  return startCli(args, options).done;
}

/** Runs the CLI in this process with captured output; `json` is the parsed stdout when --json was passed. */
export async function cli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string; json: any }> {
  const { runCli } = await import('../../src/cli/main.ts');
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, { cwd, io: { out: (l) => (stdout += `${l}\n`), err: (l) => (stderr += `${l}\n`) } });
  let json: any;
  if (args.includes('--json')) json = JSON.parse(stdout);
  return { code, stdout, stderr, json };
}
