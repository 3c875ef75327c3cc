import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { bypassingPgWrapper } from '../../src/database/dialects/postgres/session/pg-wrapper-bypass.ts';

describe('bypassingPgWrapper', () => {
  let root: string;
  let wrapperLink: string;
  const executable = (file: string) => {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, '#!/bin/sh\n');
    chmodSync(file, 0o755);
  };
  beforeEach(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'dihya-pg-wrapper-'));
    executable(path.join(root, 'share/postgresql-common/pg_wrapper'));
    mkdirSync(path.join(root, 'bin'));
    wrapperLink = path.join(root, 'bin/pg_dump');
    symlinkSync(path.join(root, 'share/postgresql-common/pg_wrapper'), wrapperLink);
    executable(path.join(root, 'lib/13/bin/pg_dump'));
    executable(path.join(root, 'lib/16/bin/pg_dump'));
    executable(path.join(root, 'lib/17/bin/psql')); // the newest ships no pg_dump
    mkdirSync(path.join(root, 'lib/not-a-version'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("runs the newest installed version's tool instead of Debian's Perl wrapper", () => {
    const find = bypassingPgWrapper(() => wrapperLink, { env: {}, libDir: path.join(root, 'lib') });
    expect(find(['pg_dump'])).toBe(path.join(root, 'lib/16/bin/pg_dump'));
  });

  it('keeps the wrapper when PGCLUSTER picks a version, or when no versioned tool is installed', () => {
    expect(bypassingPgWrapper(() => wrapperLink, { env: { PGCLUSTER: '13/main' }, libDir: path.join(root, 'lib') })(['pg_dump'])).toBe(wrapperLink);
    expect(bypassingPgWrapper(() => wrapperLink, { env: {}, libDir: path.join(root, 'missing') })(['pg_dump'])).toBe(wrapperLink);
    rmSync(path.join(root, 'lib/13'), { recursive: true });
    rmSync(path.join(root, 'lib/16'), { recursive: true });
    expect(bypassingPgWrapper(() => wrapperLink, { env: {}, libDir: path.join(root, 'lib') })(['pg_dump'])).toBe(wrapperLink);
  });

  it('leaves a real binary, and a tool not found, as they are', () => {
    const real = path.join(root, 'lib/13/bin/pg_dump');
    expect(bypassingPgWrapper(() => real, { env: {}, libDir: path.join(root, 'lib') })(['pg_dump'])).toBe(real);
    expect(bypassingPgWrapper(() => undefined, { env: {} })(['pg_dump'])).toBeUndefined();
    expect(bypassingPgWrapper(() => path.join(root, 'gone'), { env: {} })(['pg_dump'])).toBe(path.join(root, 'gone'));
  });
});
