import { mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findClientTool } from '../../src/tools/find-client-tool.ts';
import { toolVersionOutput } from '../../src/tools/tool-version.ts';

const bin = mkdtempSync(path.join(os.tmpdir(), 'dihya-tool-lookups-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
/** A tool that counts its runs in `<name>.runs` and prints `version`. */
const countingTool = (name: string, version: string) => {
  const file = path.join(bin, name);
  writeFileSync(file, `#!/bin/sh\necho run >> '${file}.runs'\necho '${version}'\n`, { mode: 0o755 });
  return file;
};
const runsOf = (file: string) => readFileSync(`${file}.runs`, 'utf8').split('\n').filter(Boolean).length;

describe('tool lookups are done once per process', () => {
  it('runs `--version` once per executable, again when the file is replaced', async () => {
    const tool = countingTool('counting-dump', 'counting-dump 10.1');
    expect(await toolVersionOutput(tool)).toBe('counting-dump 10.1\n');
    expect(await Promise.all([toolVersionOutput(tool), toolVersionOutput(tool)])).toEqual(['counting-dump 10.1\n', 'counting-dump 10.1\n']);
    expect(runsOf(tool)).toBe(1);
    countingTool('counting-dump', 'counting-dump 11.22 (upgraded)');
    expect(await toolVersionOutput(tool)).toBe('counting-dump 11.22 (upgraded)\n');
    expect(runsOf(tool)).toBe(2);
  });

  it('does not remember a failed run', async () => {
    const file = path.join(bin, 'failing-once');
    writeFileSync(file, `#!/bin/sh\nif [ -e '${file}.ok' ]; then echo fixed; else touch '${file}.ok'; exit 3; fi\n`, { mode: 0o755 });
    await expect(toolVersionOutput(file)).rejects.toThrow(/failing-once/);
    expect(await toolVersionOutput(file)).toBe('fixed\n');
  });

  it('finds a tool again when the one found before is gone, and honours DIHYA_NO_CLIENT_TOOLS each time', () => {
    const [first, second] = [path.join(bin, 'first'), path.join(bin, 'second')];
    for (const dir of [first, second]) mkdirSync(dir);
    const env = { PATH: [first, second].join(path.delimiter) };
    expect(findClientTool(['lookup-tool'], { env })).toBeUndefined();
    for (const dir of [first, second]) writeFileSync(path.join(dir, 'lookup-tool'), '#!/bin/sh\n', { mode: 0o755 });
    expect(findClientTool(['lookup-tool'], { env })).toBe(path.join(first, 'lookup-tool'));
    expect(findClientTool(['lookup-tool'], { env })).toBe(path.join(first, 'lookup-tool'));
    expect(findClientTool(['lookup-tool'], { env: { ...env, DIHYA_NO_CLIENT_TOOLS: 'lookup-tool' } })).toBeUndefined();
    unlinkSync(path.join(first, 'lookup-tool'));
    expect(findClientTool(['lookup-tool'], { env })).toBe(path.join(second, 'lookup-tool'));
  });
});
