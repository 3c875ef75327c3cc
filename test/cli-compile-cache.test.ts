import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const BIN = fileURLToPath(new URL('../bin/dihya-migrate.js', import.meta.url));

describe.skipIf(process.getuid === undefined)("the packaged CLI's compile cache (bin/dihya-migrate.js)", () => {
  let tmp: string;
  let cacheDir: string;
  const run = (env: NodeJS.ProcessEnv = {}) => {
    // vitest's coverage sets NODE_DISABLE_COMPILE_CACHE (as under `npm test`): the child runs without it.
    const { NODE_COMPILE_CACHE: _ignored, NODE_DISABLE_COMPILE_CACHE: _disabled, ...rest } = process.env;
    execFileSync(process.execPath, [BIN, '--help'], { cwd: tmp, encoding: 'utf8', env: { ...rest, TMPDIR: tmp, ...env } });
  };
  beforeEach(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'dihya-compile-cache-'));
    cacheDir = path.join(tmp, `dihya-migrate-compile-cache-${process.getuid!()}`);
  });
  afterEach(() => rmSync(tmp, { recursive: true, force: true }));

  it('keeps compiled code in a folder of the temp folder only this user can open', () => {
    run();
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    const [versioned] = readdirSync(cacheDir);
    expect(readdirSync(path.join(cacheDir, versioned!)).length).toBeGreaterThan(0);
  });

  it('uses no cache from a folder others can write', () => {
    mkdirSync(cacheDir);
    chmodSync(cacheDir, 0o777);
    run();
    expect(readdirSync(cacheDir)).toEqual([]);
  });

  it('uses NODE_COMPILE_CACHE when it is set', () => {
    const chosen = path.join(tmp, 'chosen');
    run({ NODE_COMPILE_CACHE: chosen });
    expect(readdirSync(chosen).length).toBeGreaterThan(0);
    expect(() => statSync(cacheDir)).toThrow();
  });
});
