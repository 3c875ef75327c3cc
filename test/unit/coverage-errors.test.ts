import { describe, expect, it } from 'vitest';
import { DihyaError, reasonOf } from '../../src/errors/dihya-error.ts';
import { naming, stateWriteError } from '../../src/errors/state-write.ts';
import { outcomeHint } from '../../src/errors/step-failure-details.ts';
import { usageMessage } from '../../src/errors/codes/input.ts';

const fsError = (code: string, file?: string) => Object.assign(new Error(`${code}: failed`), { code, ...(file === undefined ? {} : { path: file }) });

describe('stateWriteError', () => {
  it('turns a write failure into STATE_WRITE_FAILED naming the file relative to the project', () => {
    const error = stateWriteError(fsError('ENOSPC', '/srv/app/.dihya/runs/r1.json'), ['001_a', '002_b'], '/srv/app')!;
    expect(error.code).toBe('STATE_WRITE_FAILED');
    expect(error.message).toBe(
      'Could not write .dihya/runs/r1.json: no space left on the device (ENOSPC); committed in this run before it stopped: 001_a, 002_b',
    );
    expect(error.exitCode).toBe(1);
    expect(error.hint.length).toBeGreaterThan(0);
    expect(error.cause).toBeInstanceOf(Error);
  });

  it('says no migration had committed, keeps an absolute path without a base, and names no file when the error has none', () => {
    expect(stateWriteError(fsError('EROFS', '/var/x.json'), [])!.message).toBe(
      'Could not write /var/x.json: the file system is read-only (EROFS); no migration of this run had committed',
    );
    expect(stateWriteError(fsError('EACCES'))!.message).toBe('Could not write a file of the state dir: permission denied (EACCES)');
    // The state dir itself relative to itself is shown by its path, not as an empty name.
    expect(stateWriteError(fsError('EPERM', '/srv/app'), undefined, '/srv/app')!.details.file).toBe('/srv/app');
  });

  it('leaves other errors alone: not a write failure, no code, a DihyaError, not an Error', () => {
    expect(stateWriteError(fsError('ENOENT', '/x'))).toBeUndefined();
    expect(stateWriteError(new Error('plain'))).toBeUndefined();
    expect(stateWriteError(new DihyaError('BACKUP_NOT_FOUND', { id: 'x' }))).toBeUndefined();
    expect(stateWriteError('ENOSPC')).toBeUndefined();
  });

  it('naming adds the file to an fs error that has none, and only then', () => {
    const bare = fsError('ENOSPC');
    expect((naming(bare, '/a') as NodeJS.ErrnoException).path).toBe('/a');
    const named = fsError('ENOSPC', '/b');
    expect((naming(named, '/a') as NodeJS.ErrnoException).path).toBe('/b');
    const plain = new Error('no code');
    expect((naming(plain, '/a') as NodeJS.ErrnoException).path).toBeUndefined();
    expect(naming('text', '/a')).toBe('text');
  });
});

describe('DihyaError helpers', () => {
  it('with() keeps the code and cause and replaces details; is() checks the code', () => {
    const cause = new Error('root');
    const error = new DihyaError('BACKUP_CORRUPT', { id: 'b1', reason: 'x is missing' }, { cause });
    const again = error.with({ reason: 'y is missing' });
    expect(again.message).toContain('y is missing');
    expect(again.details).toEqual({ id: 'b1', reason: 'y is missing' });
    expect(again.cause).toBe(cause);
    expect(DihyaError.is(again, 'BACKUP_CORRUPT')).toBe(true);
    expect(DihyaError.is(again, 'BACKUP_NOT_FOUND')).toBe(false);
    expect(DihyaError.is(new Error('x'), 'BACKUP_CORRUPT')).toBe(false);
    expect(new DihyaError('BACKUP_NOT_FOUND', { id: 'z' }).cause).toBeUndefined();
  });

  it('reasonOf describes anything thrown', () => {
    expect(reasonOf(new Error('boom'))).toBe('boom');
    expect(reasonOf('text')).toBe('text');
    expect(reasonOf(undefined)).toBe('undefined');
    expect(reasonOf(null)).toBe('null');
    expect(reasonOf({ code: 42 })).toBe('a thrown object: {"code":42}');
    expect(reasonOf({})).toBe('a thrown object that is not an Error');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(reasonOf(cyclic)).toBe('a thrown object that is not an Error');
    expect(reasonOf(Symbol('s'))).toBe('a thrown symbol that is not an Error');
    expect(reasonOf(7)).toBe('a thrown number: 7');
  });
});

describe('outcomeHint', () => {
  it('explains each outcome of a failed step', () => {
    expect(outcomeHint({ name: 's', reason: 'r', outcome: 'rolled-back' }, 'Fix it.')).toBe(
      'Nothing of it was kept (the transaction was rolled back). Fix it.',
    );
    expect(outcomeHint({ name: 's', reason: 'r', outcome: 'restored', backup: 'b1', restoredTables: 'orders', overwritten: 'orders' }, 'Next.')).toBe(
      'The tables it touched (orders) were restored from backup b1 and are identical to before the migration; every other table was left as it is. Other sessions also wrote to orders meanwhile: those writes were undone by the restore. Next.',
    );
    expect(outcomeHint({ name: 's', reason: 'r', outcome: 'restored', backup: 'b1', restoredTables: 'x (whole database)' }, 'N.')).toMatch(
      /^The database was restored from backup b1 .* as it is\. N\.$/,
    );
    expect(outcomeHint({ name: 's', reason: 'r', outcome: 'restored', backup: 'b1' }, 'N.')).toMatch(/^The database was restored/);
    expect(outcomeHint({ name: 's', reason: 'r', outcome: 'partial', backup: 'b2' }, 'N.')).toBe(
      'It ran outside a transaction, so part of it may be kept. Check the database before running again. The backup taken before it is b2. N.',
    );
    expect(outcomeHint({ name: 's', reason: 'r', outcome: 'partial' }, 'N.')).toBe(
      'It ran outside a transaction, so part of it may be kept. Check the database before running again. N.',
    );
  });
});

describe('USAGE messages', () => {
  it('fill in what is known, and fall back when the problem is not named', () => {
    expect(usageMessage({ usage: 'too-many-arguments' })).toBe('too many arguments');
    expect(usageMessage({ usage: 'too-many-arguments', value: 'status' })).toBe("too many arguments for 'status'");
    expect(usageMessage({ usage: 'invalid-choice', option: '--format', value: 'xml' })).toBe('option \'--format\' cannot be "xml"');
    expect(usageMessage({ usage: 'invalid-choice', option: '--format', value: 'xml', choices: 'text, json' })).toBe(
      'option \'--format\' cannot be "xml" (allowed: text, json)',
    );
    expect(usageMessage({ usage: 'whole-number', option: '--steps', value: 'x' })).toBe('--steps must be a whole number >= 0, got "x"');
    expect(usageMessage({ usage: 'whole-number', option: '--steps', value: '0', min: 1 })).toBe('--steps must be a whole number >= 1, got "0"');
    expect(usageMessage({ usage: 'unknown-option', option: '--stpes', suggestion: '--steps' })).toBe("unknown option '--stpes' (did you mean --steps?)");
    expect(usageMessage({ reason: 'something odd' })).toBe('something odd');
    expect(usageMessage({})).toBe('invalid command line');
    const error = new DihyaError('USAGE', { usage: 'missing-option', option: '--out' });
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe("required option '--out' not given");
  });
});
