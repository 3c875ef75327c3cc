import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Debian's binaries (packages `prometheus` and `prometheus-pushgateway`; `.ci/run` installs them). */
export const PROMTOOL = process.env.DIHYA_TEST_PROMTOOL ?? '/usr/bin/promtool';
export const PUSHGATEWAY = process.env.DIHYA_TEST_PUSHGATEWAY ?? '/usr/bin/prometheus-pushgateway';

/** True when the binary is installed; otherwise says so once, clearly, so a skipped suite is never silent. */
export function installed(binary: string, suite: string): boolean {
  if (existsSync(binary)) return true;
  console.warn(`SKIPPED ${suite}: ${binary} is not installed (apt-get install prometheus prometheus-pushgateway; .ci/run does it)`);
  return false;
}

/** A free TCP port on the loopback interface. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs promtool with `args` (and `stdin`), returns its exit code and output. */
export function promtool(args: string[], stdin?: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(PROMTOOL, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin ?? '');
  });
}

/** A Pushgateway of our own on a free loopback port, with its own persistence file. */
export interface RunningPushgateway {
  url: string;
  /** Its /metrics page, parsed into samples. */
  scrape(): Promise<Sample[]>;
  stop(): Promise<void>;
}

/** One sample of a Prometheus text exposition. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export async function startPushgateway(): Promise<RunningPushgateway> {
  const port = await freePort();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-pushgateway-'));
  const child: ChildProcess = spawn(
    PUSHGATEWAY,
    [`--web.listen-address=127.0.0.1:${port}`, `--persistence.file=${path.join(dir, 'metrics.store')}`, '--log.level=warn'],
    { stdio: 'ignore' },
  );
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  for (;;) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() - started > 15_000) throw new Error('the Pushgateway did not start within 15 s');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    url,
    scrape: async () => parseExposition(await (await fetch(`${url}/metrics`)).text()),
    stop: async () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The samples of a Prometheus text exposition (comments left out). */
export function parseExposition(text: string): Sample[] {
  const samples: Sample[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[key!] = value!;
    samples.push({ name: match[1]!, labels, value: Number(match[3]) });
  }
  return samples;
}

/** The value of the one sample of `name` whose labels include `labels`; undefined when there is none. */
export function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  return samples.find((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;
}
