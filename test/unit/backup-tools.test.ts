import { existsSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findClientTool } from '../../src/tools/find-client-tool.ts';
import { pipeTools } from '../../src/tools/pipe-tools.ts';
import { redactSecrets } from '../../src/privacy/redaction/redact-secrets.ts';
import { runTool } from '../../src/tools/run-tool.ts';
import { scratchDatabaseName } from '../../src/database/scratch-name.ts';
import { parsePgToolMajor } from '../../src/database/dialects/postgres/session/pg-client-tools.ts';

const bin = mkdtempSync(path.join(os.tmpdir(), 'dihya-bin-'));
afterAll(() => rmSync(bin, { recursive: true, force: true }));
const script = (name: string, body: string) => {
  const file = path.join(bin, name);
  writeFileSync(file, `#!/bin/sh\n${body}\n`, { mode: 0o755 });
  return file;
};

describe('findClientTool', () => {
  script('fake-dump', 'exit 0');
  script('fake-client', 'exit 0');
  writeFileSync(path.join(bin, 'not-executable'), 'x', { mode: 0o644 });
  const env = (extra: NodeJS.ProcessEnv = {}) => ({ PATH: `/nonexistent${path.delimiter}${bin}`, ...extra });

  it('returns the first executable name found on PATH', () => {
    expect(findClientTool(['missing', 'fake-dump'], { env: env() })).toBe(path.join(bin, 'fake-dump'));
    expect(findClientTool(['not-executable'], { env: env() })).toBeUndefined();
  });

  it('hides every tool, or the named ones, with DIHYA_NO_CLIENT_TOOLS', () => {
    expect(findClientTool(['fake-dump'], { env: env({ DIHYA_NO_CLIENT_TOOLS: '1' }) })).toBeUndefined();
    expect(findClientTool(['fake-dump', 'fake-client'], { env: env({ DIHYA_NO_CLIENT_TOOLS: 'fake-dump' }) })).toBe(path.join(bin, 'fake-client'));
    expect(findClientTool(['fake-dump'], { env: env({ DIHYA_NO_CLIENT_TOOLS: '0' }) })).toBe(path.join(bin, 'fake-dump'));
  });
});

describe('redactSecrets', () => {
  it('masks the secret as is and URL-encoded, and URL passwords', () => {
    expect(redactSecrets('bad password "p@ss" (p%40ss)', ['p@ss'])).toBe('bad password "***" (***)');
    expect(redactSecrets('cannot reach mysql://app:hunter2@db:3306/shop', [])).toBe('cannot reach mysql://app:***@db:3306/shop');
    expect(redactSecrets('nothing to hide', [undefined, ''])).toBe('nothing to hide');
    expect(redactSecrets('postgres://app:p@ss@db/x', ['p@ss'])).toBe('postgres://app:***@db/x');
    expect(redactSecrets('postgres://app:un@known@db/x', [])).toBe('postgres://app:***@db/x');
  });
});

describe('runTool and pipeTools', () => {
  it('puts the redacted stderr of a failing tool into the error', async () => {
    const failing = script('failing', 'echo "connect failed for secret-pw" >&2; exit 3');
    await expect(runTool({ command: failing, args: [], secrets: ['secret-pw'] })).rejects.toThrow('failing exited with code 3: connect failed for ***');
    await expect(runTool({ command: path.join(bin, 'absent'), args: [] })).rejects.toThrow(/ENOENT/);
  });

  it('closes the consumer only when the producer succeeded; kills it otherwise', async () => {
    const out = path.join(bin, 'received.txt');
    const producer = script('producer', 'echo body; [ "$1" = fail ] && { echo "producer broke" >&2; exit 4; }; exit 0');
    // The consumer "commits" (writes the file) only when its input ends normally.
    const consumer = script('consumer', `input=$(cat); printf '%s' "$input" > ${out}.part && mv ${out}.part ${out}`);
    await pipeTools({ command: producer, args: [] }, { command: consumer, args: [] }, 'prefix\n');
    expect(readFileSync(out, 'utf8')).toBe('prefix\nbody');
    unlinkSync(out);
    await expect(pipeTools({ command: producer, args: ['fail'] }, { command: consumer, args: [] }, 'prefix\n')).rejects.toThrow(
      'producer exited with code 4: producer broke',
    );
    expect(existsSync(out)).toBe(false);
  });
});

describe('small helpers', () => {
  it('names scratch databases within the identifier limit', () => {
    expect(scratchDatabaseName('shop', 63)).toMatch(/^shop_dihya_scratch_[0-9a-f]{8}$/);
    const long = scratchDatabaseName('x'.repeat(80), 63);
    expect(Buffer.byteLength(long)).toBeLessThanOrEqual(63);
    expect(Buffer.byteLength(scratchDatabaseName('é'.repeat(40), 63))).toBeLessThanOrEqual(63);
  });

  it('reads the major version of libpq tools', () => {
    expect(parsePgToolMajor('pg_dump (PostgreSQL) 15.20 (Debian 15.20-0+deb12u1)')).toBe(15);
    expect(parsePgToolMajor('psql (PostgreSQL) 9.6.24')).toBe(9);
    expect(parsePgToolMajor('garbage')).toBeNaN();
  });
});
