import { describe, expect, it } from 'vitest';
import { progressOnTerminal } from '../../src/cli/commands/privacy.ts';
import { en } from '../../src/cli/i18n/messages-en.ts';

describe('anonymization progress', () => {
  const globals = { cwd: '.', m: en };

  it('prints on a terminal only, throttled, each table’s end always', () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    expect(progressOnTerminal(io, globals, false)).toBeUndefined();
    expect(progressOnTerminal(io, { ...globals, json: true }, true)).toBeUndefined();
    const listener = progressOnTerminal(io, globals, true)!;
    listener({ type: 'progress', task: 'anonymize', phase: 'copy' });
    listener({ type: 'progress', task: 'anonymize', phase: 'customers', done: 0, total: 10, unit: 'rows' });
    listener({ type: 'progress', task: 'anonymize', phase: 'customers', done: 5, total: 10, unit: 'rows' });
    listener({ type: 'progress', task: 'anonymize', phase: 'customers', done: 10, total: 10, unit: 'rows' });
    listener({ type: 'lock-released' });
    listener({ type: 'progress', task: 'backup', phase: 'x' });
    expect(lines).toEqual([en.privacy.copying, en.privacy.progress('customers', 0, 10), en.privacy.progress('customers', 10, 10)]);
  });
});
