import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { findClientTool } from '../../src/tools/find-client-tool.ts';
import { pipeTools } from '../../src/tools/pipe-tools.ts';
import { privateTempFolder, sweepPrivateTemp, usePrivateTempRoot } from '../../src/tools/private-temp.ts';
import { collectText, exitOf, runTool, toolFailure } from '../../src/tools/run-tool.ts';
import { openTextFileWriter } from '../../src/tools/text-file-writer.ts';

const work = mkdtempSync(path.join(os.tmpdir(), 'dihya-cov-tools-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const script = (name: string, body: string) => {
  const file = path.join(work, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
};

describe('runTool', () => {
  it('feeds stdin from text or a file and sends stdout to a file (0600)', async () => {
    const cat = script('cat-tool', 'cat');
    expect((await runTool({ command: cat, args: [], stdinText: 'hello\n' })).stdout).toBe('hello\n');
    const input = path.join(work, 'in.txt');
    writeFileSync(input, 'from a file\n');
    const output = path.join(work, 'out.txt');
    const { stdout } = await runTool({ command: cat, args: [], stdinFile: input, stdoutFile: output });
    expect(stdout).toBe('');
    expect(readFileSync(output, 'utf8')).toBe('from a file\n');
    expect(statSync(output).mode & 0o777).toBe(0o600);
  });

  it('says how a tool ended: killed by a signal, an exit code without stderr, not startable', async () => {
    await expect(runTool({ command: script('killed', 'kill -9 $$'), args: [] })).rejects.toThrow(/^killed was killed by SIGKILL$/);
    await expect(runTool({ command: script('quiet-fail', 'exit 4'), args: [] })).rejects.toThrow(/^quiet-fail exited with code 4$/);
    await expect(runTool({ command: path.join(work, 'no-such-tool'), args: [] })).rejects.toThrow(/ENOENT/);
    expect(toolFailure('/usr/bin/psql', new Error('spawn EACCES'), '  ', ['x']).message).toBe('psql could not be started (spawn EACCES)');
    expect(toolFailure('/usr/bin/psql', { code: 2, signal: null }, 'FATAL: password sekret wrong\n', ['sekret']).message).toBe(
      'psql exited with code 2: FATAL: password *** wrong',
    );
  });

  it('exitOf rejects when the process cannot be spawned', async () => {
    await expect(exitOf(spawn(path.join(work, 'missing')))).rejects.toThrow(/ENOENT/);
  });

  it('collectText keeps the last characters of a long stream, marked with an ellipsis', async () => {
    const long = Readable.from(['a'.repeat(30), 'b'.repeat(30), 'END']);
    expect(await collectText(long, 10)).toBe(`…${'b'.repeat(7)}END`);
    const failing = new Readable({
      read() {
        this.push('partial');
        this.destroy(new Error('boom'));
      },
    });
    expect(await collectText(failing, 100)).toBe('partial');
  });
});

describe('pipeTools', () => {
  it('writes prefix, producer output and suffix to the consumer', async () => {
    const out = path.join(work, 'piped.txt');
    await pipeTools({ command: script('produce', 'echo middle'), args: [] }, { command: script('sink', `cat > ${out}`), args: [] }, 'begin\n', 'end\n');
    expect(readFileSync(out, 'utf8')).toBe('begin\nmiddle\nend\n');
  });

  it('reports the consumer failure (with its stdout when stderr is empty), the producer being stopped', async () => {
    const producer = { command: script('endless', 'while true; do echo row; done'), args: [] };
    await expect(
      pipeTools(producer, { command: script('sink-fail', 'read line; echo "bad input pw1"; exit 3'), args: [], secrets: ['pw1'] }, 'x\n'),
    ).rejects.toThrow(/^sink-fail exited with code 3: bad input \*\*\*$/);
  });

  it('reports a producer that cannot start, and a consumer that cannot start', async () => {
    await expect(pipeTools({ command: path.join(work, 'nothing'), args: [] }, { command: script('sink-ok', 'cat >/dev/null'), args: [] }, '')).rejects.toThrow(
      /^nothing could not be started/,
    );
    await expect(pipeTools({ command: script('produce2', 'echo x'), args: [] }, { command: path.join(work, 'nosink'), args: [] }, '')).rejects.toThrow(
      /^nosink could not be started/,
    );
  });
});

describe('private temporary folders', () => {
  it('go under the project root when set (0700, no dihya- prefix), and are removed', async () => {
    const root = path.join(work, 'state', 'tmp');
    usePrivateTempRoot(root);
    try {
      const temp = await privateTempFolder('pgcheck');
      expect(path.dirname(temp.dir)).toBe(root);
      expect(path.basename(temp.dir)).toMatch(new RegExp(`^pgcheck-${process.pid}-`));
      expect(statSync(root).mode & 0o777).toBe(0o700);
      await temp.remove();
      expect(existsSync(temp.dir)).toBe(false);
    } finally {
      usePrivateTempRoot(undefined);
    }
    const plain = await privateTempFolder('x');
    expect(path.basename(plain.dir)).toMatch(/^dihya-x-/);
    await plain.remove();
  });

  it('sweep removes folders of processes that are gone and keeps live ones', () => {
    const dir = path.join(work, 'sweep');
    expect(sweepPrivateTemp(dir)).toEqual([]);
    const dead = spawn('true');
    const deadPid = dead.pid!;
    for (const name of [`mysql-${deadPid}-aaaa`, `mysql-${process.pid}-bbbb`, `mysql-1-cccc`, 'no-pid-here'])
      mkdirSync(path.join(dir, name), { recursive: true });
    return exitOf(dead).then(() => {
      const swept = sweepPrivateTemp(dir).sort();
      // pid 1 runs (EPERM or not), this process runs; the dead one and the unnamed one go.
      expect(swept).toEqual([`mysql-${deadPid}-aaaa`, 'no-pid-here'].sort());
      expect(existsSync(path.join(dir, `mysql-${process.pid}-bbbb`))).toBe(true);
    });
  });
});

describe('openTextFileWriter', () => {
  it('writes with backpressure and fails on a folder that does not exist', async () => {
    const file = path.join(work, 'big.txt');
    const out = openTextFileWriter(file);
    const chunk = 'x'.repeat(64 * 1024);
    for (let i = 0; i < 8; i++) await out.write(chunk);
    await out.close();
    expect(statSync(file).size).toBe(8 * chunk.length);
    const bad = openTextFileWriter(path.join(work, 'missing-dir', 'f.txt'));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(bad.write('x')).rejects.toThrow(/ENOENT/);
    await expect(bad.close()).rejects.toThrow(/ENOENT/);
  });
});

describe('findClientTool lookups', () => {
  it('remembers a tool found, skips folders named like it and empty PATH entries, honours "all"', () => {
    const bin = path.join(work, 'bin-lookup');
    mkdirSync(path.join(bin, 'looked-up-dir'), { recursive: true });
    writeFileSync(path.join(bin, 'looked-up'), '#!/bin/sh\n', { mode: 0o755 });
    const env = { PATH: ['', path.join(work, 'nowhere'), bin].join(path.delimiter) };
    expect(findClientTool(['looked-up-dir', 'looked-up'], { env })).toBe(path.join(bin, 'looked-up'));
    expect(findClientTool(['looked-up-dir', 'looked-up'], { env })).toBe(path.join(bin, 'looked-up'));
    expect(findClientTool(['looked-up'], { env: { ...env, DIHYA_NO_CLIENT_TOOLS: 'all' } })).toBeUndefined();
    expect(findClientTool(['looked-up'], { env: { ...env, DIHYA_NO_CLIENT_TOOLS: ' , looked-up ,' } })).toBeUndefined();
    expect(findClientTool(['looked-up'], { env: {} })).toBeUndefined();
    // The process environment by default: sh is on any PATH.
    expect(findClientTool(['sh'])).toMatch(/\/sh$/);
  });
});
