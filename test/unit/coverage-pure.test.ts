import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { usageError } from '../../src/cli/commander-usage.ts';
import { localizeError, pickLanguage } from '../../src/cli/i18n/language.ts';
import { AuditKey } from '../../src/audit/audit-key.ts';
import { decodeKeyedHead } from '../../src/audit/keyed-head.ts';
import { DihyaError } from '../../src/index.ts';
import type { MigrationDefinition } from '../../src/migrations/define-migration.ts';
import { backfillProgressOf } from '../../src/migrations/history.ts';
import { renderMigrationDocs, type MigrationDoc } from '../../src/migrations/migration-docs.ts';
import { compareVersions } from '../../src/migrations/version-order.ts';
import { redactUrl } from '../../src/privacy/redaction/redact-url.ts';

const commander = (code: string, message: string) => new CommanderError(1, code, message);

describe("commander's parse errors as USAGE errors", () => {
  it('names the parts of each message, with and without the optional ones, and keeps a suggestion', () => {
    expect(usageError(commander('commander.excessArguments', "error: too many arguments for 'status'. Expected 0 arguments")).details).toEqual({
      usage: 'too-many-arguments',
      value: 'status',
    });
    expect(usageError(commander('commander.excessArguments', 'error: too many arguments')).details).toEqual({ usage: 'too-many-arguments' });
    expect(
      usageError(commander('commander.invalidArgument', "error: option '--lang <code>' argument 'de' is invalid. Allowed choices are en, fr.")).details,
    ).toEqual({ usage: 'invalid-choice', option: '--lang <code>', value: 'de', choices: 'en, fr' });
    expect(usageError(commander('commander.invalidArgument', "error: option '--x <v>' argument 'y' is invalid.")).details).toEqual({
      usage: 'invalid-choice',
      option: '--x <v>',
      value: 'y',
    });
    expect(usageError(commander('commander.unknownOption', "error: unknown option '--dry-rn'\n(Did you mean --dry-run?)")).details).toEqual({
      usage: 'unknown-option',
      option: '--dry-rn',
      suggestion: '--dry-run',
    });
    expect(usageError(commander('commander.somethingNew', 'error: a message this release does not know\nsecond line')).details).toEqual({
      reason: 'a message this release does not know',
    });
    expect(usageError(commander('commander.somethingNew', 'error: odd (Did you mean --up?)')).details).toEqual({
      reason: 'odd (Did you mean --up?)',
      suggestion: '--up',
    });
  });

  it('says them in French', () => {
    const fr = (details: object) => localizeError(new DihyaError('USAGE', details), 'fr').message;
    expect(fr({ usage: 'too-many-arguments', value: 'status' })).toContain('trop d’arguments pour « status »');
    expect(fr({ usage: 'too-many-arguments' })).toMatch(/trop d’arguments$/);
    expect(fr({ usage: 'invalid-choice', option: '--lang', value: 'de', choices: 'en, fr' })).toContain('(valeurs permises : en, fr)');
    expect(fr({ usage: 'invalid-choice', option: '--lang', value: 'de' })).not.toContain('valeurs permises');
  });
});

describe('small decoders', () => {
  it('reads the backfill progress of a history row only when it is well formed', () => {
    expect(backfillProgressOf({ progress: null })).toBeUndefined();
    expect(backfillProgressOf({ progress: '{"direction":"sideways","done":1}' })).toBeUndefined();
    expect(backfillProgressOf({ progress: 'not json' })).toBeUndefined();
    expect(backfillProgressOf({ progress: '{"direction":"down"}' })).toEqual({ direction: 'down', done: 0, total: 0 });
    expect(backfillProgressOf({ progress: '{"direction":"up","label":"emails","done":3,"total":9}' })).toEqual({
      direction: 'up',
      label: 'emails',
      done: 3,
      total: 9,
    });
  });

  it('orders versions: numeric parts as numbers, repeatables last, other text as text', () => {
    expect(compareVersions('1.10', '1.9')).toBe(1);
    expect(compareVersions('1.0', '1')).toBe(0);
    expect(compareVersions('abc', 'abd')).toBe(-1);
    expect(compareVersions('abd', 'abc')).toBe(1);
    expect(compareVersions('x1', 'x1')).toBe(0);
  });

  it('decodes the keyed head of the audit mirror, and calls anything else unreadable', () => {
    const h = (n: number) => 'a'.repeat(n);
    expect(decodeKeyedHead(undefined)).toBeUndefined();
    expect(decodeKeyedHead(JSON.stringify({ seq: 3, hash: h(64), key: h(16), mac: h(64) }))).toEqual({ seq: 3, hash: h(64), key: h(16), mac: h(64) });
    for (const bad of [
      '{',
      JSON.stringify({ seq: 1.5, hash: h(64), key: h(16), mac: h(64) }),
      JSON.stringify({ seq: 3, hash: 'xyz', key: h(16), mac: h(64) }),
      JSON.stringify({ seq: 3, hash: h(64), key: 7, mac: h(64) }),
      JSON.stringify({ seq: 3, hash: h(64), key: h(16), mac: h(63) }),
    ])
      expect(decodeKeyedHead(bad)).toBe('unreadable');
  });

  it('refuses an audit key that is empty, padded, holds a control character or is too short', () => {
    const code = (secret: string) => {
      try {
        AuditKey.fromEnv({ DIHYA_AUDIT_KEY: secret });
        return 'ok';
      } catch (error) {
        return `${(error as DihyaError).code} ${JSON.stringify((error as DihyaError).details)}`;
      }
    };
    expect(AuditKey.fromEnv({})).toBeUndefined();
    expect(code('   ')).toContain('AUDIT_KEY_INVALID {"reason":"empty"}');
    expect(code(` ${'k'.repeat(40)}`)).toContain('"reason":"spaces"');
    expect(code(`${'k'.repeat(20)}\u0007${'k'.repeat(20)}`)).toContain('"reason":"control"');
    expect(code('short')).toContain('AUDIT_KEY_TOO_SHORT');
    expect(code('k'.repeat(40))).toBe('ok');
  });

  it('masks a URL it cannot parse entirely, keeping only its scheme', () => {
    expect(redactUrl('postgres://user:p@ss word@[bad')).toBe('postgres://***');
    expect(redactUrl('no scheme here at all')).toBe('***');
  });
});

describe('MIGRATIONS.md', () => {
  const doc = (definition: Partial<MigrationDefinition>, rest: Partial<MigrationDoc> = {}): MigrationDoc => ({
    version: '20260101000000',
    name: '20260101000000_a',
    kind: 'ts',
    definition: { description: 'A | b\nc', ...definition } as MigrationDefinition,
    state: 'pending',
    personalData: [],
    hooks: [],
    ...rest,
  });

  it('writes every item a migration declares, and the defaults of one that declares nothing', () => {
    const full = doc(
      {
        sector: 'sante',
        author: 'Ada',
        purpose: 'split names',
        approvedBy: 'DPO',
        checks: { allowRowLoss: ['old_table'], notNull: ['t.c'], rowCounts: { t: { min: 1 } }, rowsChanged: { t: { max: 5 } }, allowOrphans: ['child'] },
        sectorRules: { x: 1 },
        lint: { allow: ['drop-column'], reason: 'agreed' },
        down: async () => {},
        transactional: false,
        verify: async () => {},
      },
      {
        state: 'applied',
        applied: { at: '2026-01-01T00:00:00Z', by: 'ci', durationMs: 12 },
        schemaChange: '+table a\n+column a.b',
        personalData: ['patients.name'],
        hooks: ['sector sante'],
      },
    );
    const text = renderMigrationDocs('sqlite:./app.db', [full]);
    expect(text).toContain('| 20260101000000 | [A \\| b c](#20260101000000) | sante | applied |');
    expect(text).toContain('(`20260101000000_a`, TypeScript)');
    for (const line of [
      '- sector: sante',
      '- author: Ada',
      '- purpose: split names',
      '- approved by: DPO',
      '- checks: allows row loss in old_table; not null: t.c; row counts: t {"min":1}; rows changed: t {"max":5}; allows orphans in child; verify()',
      '- sector rules: `{"x":1}`',
      '- lint exceptions: allows drop-column (agreed)',
      '- down: yes',
      '- transaction: runs outside a transaction',
      '- applied: 2026-01-01T00:00:00Z by ci on sqlite:./app.db (12 ms)',
      '- schema changes: +table a; +column a.b',
      '- personal data touched: patients.name',
      '- hooks and checks that run: sector sante',
    ])
      expect(text).toContain(line);

    const bare = renderMigrationDocs('sqlite:./app.db', [
      doc({}, { kind: 'sql' }),
      doc({ checks: { allowRowLoss: '*' } }, { version: '20260102000000', state: 'applied', applied: { at: 't', by: 'b', durationMs: 1 } }),
    ]);
    expect(bare).toContain('| 20260101000000 | [A \\| b c](#20260101000000) | — | pending |');
    expect(bare).toContain('SQL)');
    expect(bare).toContain('- checks: default validation (no row loss, no orphans)');
    expect(bare).toContain('- lint exceptions: none');
    expect(bare).toContain('- down: no (cannot be reverted)');
    expect(bare).toContain('- transaction: one transaction');
    expect(bare).toContain('- applied: pending');
    expect(bare).toContain('- personal data touched: none found');
    expect(bare).toContain('- checks: allows row loss in any table');
    expect(bare).toContain('- schema changes: none recorded');
    expect(bare).not.toContain('- sector:');
    expect(bare).not.toContain('hooks and checks that run');
  });
});

describe('the language of messages, and French texts with their optional parts', () => {
  it('picks --lang first, then LC_ALL, LC_MESSAGES, LANG, else English; refuses another language', () => {
    expect(pickLanguage('fr', { LANG: 'en_US' })).toBe('fr');
    expect(pickLanguage(undefined, {})).toBe('en');
    expect(pickLanguage(undefined, { LC_MESSAGES: 'fr_CA.UTF-8', LANG: 'en_US' })).toBe('fr');
    expect(pickLanguage(undefined, { LC_ALL: 'C', LANG: 'fr_FR' })).toBe('en');
    expect(() => pickLanguage('de')).toThrow(DihyaError);
  });

  it('says in French what a restore after a failed migration did, and what a write failure means', () => {
    const fr = (code: string, details: object) => localizeError(new DihyaError(code as never, details), 'fr');
    const restored = fr('MIGRATION_FAILED', { name: 'm', reason: 'r', outcome: 'restored', backup: 'b1', restoredTables: 'orders', overwritten: 'orders' });
    expect(restored.hint).toContain('Les tables qu’elle a touchées (orders) ont été restaurées depuis la sauvegarde b1');
    expect(restored.hint).toContain('D’autres sessions ont aussi écrit dans orders entre-temps');
    const whole = fr('MIGRATION_FAILED', { name: 'm', reason: 'r', outcome: 'restored', backup: 'b2', restoredTables: '(whole database)' });
    expect(whole.hint).toMatch(/^La base a été restaurée depuis la sauvegarde b2/);
    expect(fr('MIGRATION_FAILED', { name: 'm', reason: 'r', outcome: 'partial' }).hint).not.toContain('La sauvegarde prise');
    expect(fr('PRIVACY_CATALOG_UNKNOWN', { entry: 'columns.x', kind: 'table', name: 'x' }).message).toContain('la table x');
    const full = fr('STATE_WRITE_FAILED', { file: '.dihya/x', code: 'ENOSPC', committed: [] });
    expect(full.message).toContain('plus d’espace sur le périphérique (ENOSPC)');
    expect(full.hint).toMatch(/^Libérez de l’espace disque/);
    expect(fr('STATE_WRITE_FAILED', { file: '.dihya/x', code: 'EACCES' }).hint).toMatch(/^Rendez le dossier d’état accessible/);
    const unknownKey = fr('MIGRATION_FIELD_INVALID', { name: 'm', path: 'chekcs', problem: 'unknown-key', field: 'checks', kind: 'ts', suggestion: 'checks' });
    expect(unknownKey.hint).toBe('Vouliez-vous dire `checks` ? Clés connues : .');
  });
});
