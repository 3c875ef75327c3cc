import { spawn, type ChildProcess } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { redactSecrets } from '../privacy/redaction/redact-secrets.ts';

/**
 * One run of a client tool (pg_dump, psql, mariadb-dump, …). Never put a password in `args`.
 *
 * @example
 * const run: ToolInvocation = { command: '/usr/bin/psql', args: ['--no-psqlrc'], env: { PGPASSWORD: pw }, stdinFile: 'restore.sql', secrets: [pw] }
 */
export interface ToolInvocation {
  /** Absolute path of the executable (see findClientTool). */
  command: string;
  args: readonly string[];
  /** Variables added to the inherited environment (PGPASSWORD, …). */
  env?: NodeJS.ProcessEnv;
  /** A file fed to the tool's stdin. */
  stdinFile?: string;
  /** Text fed to the tool's stdin (instead of a file). */
  stdinText?: string;
  /** A file that receives the tool's stdout (otherwise stdout is returned). */
  stdoutFile?: string;
  /** Strings masked in error messages (the password). */
  secrets?: readonly (string | undefined)[];
}

/**
 * How a child process ended.
 *
 * @example
 * const exit: ToolExit = { code: null, signal: 'SIGKILL' }
 */
export interface ToolExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

const STDERR_LIMIT = 64 * 1024;

/**
 * Runs a tool to completion. Rejects when it cannot start or exits non-zero, with its
 * stderr (passwords and URL credentials masked) in the message.
 *
 * @example
 * const { stdout } = await runTool({ command: '/usr/bin/pg_dump', args: ['--version'] })
 * await runTool({ command: dump, args: ['--format=custom', '--file=/b/db.pgdump'], env: { PGPASSWORD: pw }, secrets: [pw] })
 */
export async function runTool(invocation: ToolInvocation): Promise<{ stdout: string; stderr: string }> {
  const child = spawn(invocation.command, [...invocation.args], {
    env: { ...process.env, ...invocation.env },
    stdio: [invocation.stdinFile !== undefined || invocation.stdinText !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
  });
  const exited = exitOf(child);
  const stderr = collectText(child.stderr!, STDERR_LIMIT);
  let stdout: Promise<string> = Promise.resolve('');
  const streams: Promise<unknown>[] = [];
  if (invocation.stdoutFile) streams.push(pipeline(child.stdout!, createWriteStream(invocation.stdoutFile, { mode: 0o600 })));
  else stdout = collectText(child.stdout!, Number.POSITIVE_INFINITY);
  if (invocation.stdinFile !== undefined || invocation.stdinText !== undefined) {
    child.stdin!.on('error', () => undefined); // the tool may exit before reading everything; its exit code tells
    if (invocation.stdinFile !== undefined) streams.push(pipeline(createReadStream(invocation.stdinFile), child.stdin!).catch(() => undefined));
    else child.stdin!.end(invocation.stdinText);
  }
  const exit = await exited;
  const [out, err] = await Promise.all([stdout, stderr, ...streams]);
  if (exit.code !== 0) throw toolFailure(invocation.command, exit, err, invocation.secrets);
  return { stdout: out, stderr: err };
}

/**
 * The Error for a tool that failed: its name, exit code or signal, and its stderr, redacted.
 *
 * @example
 * throw toolFailure('/usr/bin/psql', { code: 3, signal: null }, 'ERROR: relation "x" does not exist', [password])
 */
export function toolFailure(command: string, exit: ToolExit | Error, stderr: string, secrets: readonly (string | undefined)[] = []): Error {
  const name = path.basename(command);
  const how =
    exit instanceof Error ? `could not be started (${exit.message})` : exit.code === null ? `was killed by ${exit.signal}` : `exited with code ${exit.code}`;
  const detail = stderr.trim() === '' ? '' : `: ${stderr.trim()}`;
  return new Error(redactSecrets(`${name} ${how}${detail}`, secrets));
}

/**
 * Resolves when the child has exited and its stdio is closed; rejects if it could not be spawned.
 *
 * @example
 * const { code } = await exitOf(spawn('true'))
 */
export function exitOf(child: ChildProcess): Promise<ToolExit> {
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code, signal) => resolve({ code, signal }));
  });
}

/**
 * Reads a stream as UTF-8, keeping at most `limit` characters (the last ones: errors come at the end).
 *
 * @example
 * const stderr = collectText(child.stderr!, 65536)
 */
export function collectText(stream: NodeJS.ReadableStream, limit: number): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      text += chunk;
      if (text.length > limit * 2) text = text.slice(-limit);
    });
    stream.on('error', () => resolve(text));
    stream.on('end', () => resolve(text.length > limit ? `…${text.slice(-limit)}` : text));
  });
}
