import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { entriesOf } from '../../src/util/dir-entries.ts';

describe('the files and folders of a folder', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-entries-'));
    writeFileSync(path.join(dir, 'a.sql'), 'select 1');
    mkdirSync(path.join(dir, 'folder'));
    symlinkSync(path.join(dir, 'a.sql'), path.join(dir, 'link-to-file.sql'));
    symlinkSync(path.join(dir, 'folder'), path.join(dir, 'link-to-folder'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('tells them as stat does: a link counts as what it points to', () => {
    expect(entriesOf(dir, 'file').sort()).toEqual(['a.sql', 'link-to-file.sql']);
    expect(entriesOf(dir, 'directory').sort()).toEqual(['folder', 'link-to-folder']);
  });

  it('throws on a dangling link, as stat does', () => {
    symlinkSync(path.join(dir, 'gone.sql'), path.join(dir, 'dangling.sql'));
    expect(() => entriesOf(dir, 'file')).toThrow(/ENOENT/);
  });
});
