import { describe, expect, it } from 'vitest';
import { migrationChecksum } from '../../src/migrations/checksum.ts';
import { isValidSlug, looksLikeMigration, parseMigrationName, versionFor } from '../../src/migrations/naming.ts';

describe('migration names', () => {
  it('parses YYYYMMDDHHMMSS_slug.ext', () => {
    expect(parseMigrationName('20261127061249_add_email.sql')).toEqual({
      version: '20261127061249',
      slug: 'add_email',
      name: '20261127061249_add_email',
      kind: 'sql',
    });
    expect(parseMigrationName('20261127061249_add-phone.ts')?.kind).toBe('ts');
  });

  it('rejects bad shapes and impossible dates', () => {
    for (const bad of [
      '2026_add.sql',
      '20261127061249-add.sql',
      '20261127061249_Add.sql',
      '20261301000000_x.sql',
      '20260230000000_x.sql',
      '20261127256000_x.sql',
      '20261127061249_.sql',
    ]) {
      expect(parseMigrationName(bad), bad).toBeUndefined();
    }
  });

  it('knows which files must be named like migrations', () => {
    expect(looksLikeMigration('README.md')).toBe(false);
    expect(looksLikeMigration('types.d.ts')).toBe(false);
    expect(looksLikeMigration('.hidden.sql')).toBe(false);
    expect(looksLikeMigration('oops.sql')).toBe(true);
    expect(isValidSlug('add_email-2')).toBe(true);
    expect(isValidSlug('Add Email')).toBe(false);
    expect(versionFor(new Date('2026-11-27T06:12:49.999Z'))).toBe('20261127061249');
  });
});

describe('migrationChecksum', () => {
  it('ignores line endings and a byte-order mark, nothing else', () => {
    const base = migrationChecksum('-- migrate:up\nselect 1;\n');
    expect(migrationChecksum('-- migrate:up\r\nselect 1;\r\n')).toBe(base);
    expect(migrationChecksum('\uFEFF-- migrate:up\nselect 1;\n')).toBe(base);
    expect(migrationChecksum('-- migrate:up\nselect 2;\n')).not.toBe(base);
    expect(migrationChecksum('-- migrate:up\nselect 1; \n')).not.toBe(base);
  });
});
