import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { en } from '../../src/cli/i18n/messages-en.ts';
import { fr } from '../../src/cli/i18n/messages-fr.ts';
import { printError, processIo, redactingIo, type CliIo, type ProgressStream } from '../../src/cli/output.ts';
import { progressPrinter } from '../../src/cli/progress.ts';
import { TerminalProgress } from '../../src/cli/progress-bar.ts';
import { DihyaError } from '../../src/index.ts';
import type { RunEvent } from '../../src/pipeline/run-events.ts';

function fakeTerminal(): ProgressStream & { written: () => string } {
  const stream = new PassThrough() as PassThrough & { isTTY: boolean; columns: number };
  stream.isTTY = true;
  stream.columns = 160;
  let written = '';
  stream.on('data', (chunk) => (written += chunk));
  return Object.assign(stream, { written: () => written });
}
const ESC = String.fromCharCode(27);
const plain = (text: string) => text.replace(new RegExp(`${ESC}\\[[0-9;?]*[A-Za-z]|${ESC}[78]`, 'g'), '');
const tick = () => new Promise((resolve) => setTimeout(resolve, 250));

describe('the text-mode progress printer', () => {
  const capture = (progress?: ProgressStream) => {
    const lines: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(`err: ${l}`), ...(progress ? { progress } : {}) };
    return { lines, io };
  };

  it('prints each run event as one line: a long lock wait, a retry, a reverted step outside a transaction, a partial failure, a restore', () => {
    const { lines, io } = capture();
    const print = progressPrinter(io, en, true);
    const events: RunEvent[] = [
      { type: 'lock-acquired', holder: 'me', waitedMs: 10 },
      { type: 'lock-acquired', holder: 'me', waitedMs: 2500 },
      { type: 'migration-start', version: '1', name: '1_a', direction: 'down', transactional: false, index: 1, count: 1 },
      { type: 'migration-retry', version: '1', name: '1_a', attempt: 2, delayMs: 200, reason: 'deadlock' },
      { type: 'migration-failed', version: '1', name: '1_a', direction: 'down', code: 'X', outcome: 'partial' },
      { type: 'migration-failed', version: '1', name: '1_a', direction: 'down', code: 'X', outcome: 'rolled-back' },
      { type: 'restored', id: 'b1', identical: true },
      { type: 'restored', id: 'b2', identical: true, tables: ['orders'] },
      { type: 'restored', id: 'b3', identical: false },
      { type: 'lint-finding', rule: 'r', severity: 'warning', migration: '1_a', file: 'm.sql', message: 'msg' },
      { type: 'lint-finding', rule: 'r', severity: 'error', migration: '1_a', file: 'm.sql', line: 4, message: 'msg' },
      { type: 'lock-released' },
    ];
    for (const event of events) print(event);
    print.stop?.();
    expect(lines).toHaveLength(9);
    expect(lines[0]).toBe(en.progress.lockWaited(2500));
    expect(lines[1]).toBe(`${en.progress.reverting('1_a')}${en.progress.outsideTransaction}`);
    expect(lines[2]).toBe(en.progress.retry(2, 200));
    expect(lines[3]).toBe(en.progress.failedPartial);
    expect(lines[4]).toBe(en.progress.failedRolledBack);
    expect(lines[5]).toBe(en.progress.restored('b1', []));
    expect(lines[6]).toContain('orders');
    expect(lines[7]).toMatch(/^err: .*m\.sql/);
    expect(lines[8]).toContain('m.sql:4');
  });

  it('prints nothing when disabled (--json)', () => {
    const { lines, io } = capture();
    const print = progressPrinter(io, fr, false);
    print({ type: 'lock-acquired', holder: 'me', waitedMs: 5000 });
    expect(lines).toEqual([]);
  });

  it('draws a bar with rate and time left in French, updates it in place, and clears it before a line of text', async () => {
    const terminal = fakeTerminal();
    const { lines, io } = capture(terminal);
    const print = progressPrinter(io, fr, true);
    print({ type: 'progress', task: 'backfill', phase: 'copying', done: 10, total: 100, unit: 'rows', perSecond: 50, etaSeconds: 2 });
    await tick();
    print({ type: 'progress', task: 'backfill', phase: 'copying', total: 100, unit: 'rows' });
    await tick();
    print({ type: 'progress', task: 'backfill', phase: 'copying', done: 40, unit: 'rows' });
    print({ type: 'lock-acquired', holder: 'me', waitedMs: 3000 });
    await tick();
    print({ type: 'progress', task: 'backfill', phase: 'done' });
    const drawn = plain(terminal.written());
    expect(drawn).toContain('10 / 100 rows');
    expect(drawn).toContain(fr.backfill.rate(50));
    expect(drawn).toContain(fr.backfill.eta(2));
    expect(drawn).toContain('0 / 100 rows');
    expect(terminal.written()).toContain('\r\x1b[2K');
    expect(lines).toEqual([fr.progress.lockWaited(3000)]);
    print.stop?.();
  });

  it('shows amounts without a total, in bytes up to GiB, for a task it has no name for', async () => {
    const terminal = fakeTerminal();
    const display = new TerminalProgress(terminal, en.monitor.progressDisplay);
    display.handle({ type: 'progress', task: 'custom-task', phase: 'custom-phase', done: 7, unit: 'tables' });
    await tick();
    display.handle({ type: 'progress', task: 'other', phase: 'x', done: 3 * 1024 ** 3, unit: 'bytes' });
    await tick();
    display.handle({ type: 'progress', task: 'third', phase: 'y' });
    await tick();
    display.handle({ type: 'lock-wait', table: 't' });
    display.stop();
    const drawn = plain(terminal.written());
    expect(drawn).toContain('custom-task · custom-phase  7 tables');
    expect(drawn).toMatch(/3\.0+ GiB/);
    expect(drawn).toContain('third · y');
  });
});

describe('printing errors and redacting output', () => {
  it('an unexpected error is INTERNAL with exit code 1 and asks to report it, in text and JSON', () => {
    const lines: string[] = [];
    const io: CliIo = { out: (l) => lines.push(l), err: (l) => lines.push(l) };
    expect(printError(io, 'up', new TypeError('x is not a function'), false)).toBe(1);
    expect(lines[0]).toBe('error [INTERNAL]: unexpected error: x is not a function');
    expect(lines[1]).toMatch(/hint: This is a bug in dihya-migrate/);
    lines.length = 0;
    expect(printError(io, 'up', 'a string thrown', true, 'fr')).toBe(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ ok: false, command: 'up', error: { code: 'INTERNAL', exitCode: 1 } });
    lines.length = 0;
    expect(printError(io, 'resolve', new DihyaError('NOTHING_TO_UNDO', { version: '20260101000000' }), false, 'fr')).toBe(2);
    expect(lines[0]).toMatch(/^erreur \[NOTHING_TO_UNDO\]/);
  });

  it('redacts secrets in every line, and keeps the progress stream it was given', () => {
    const lines: string[] = [];
    const terminal = fakeTerminal();
    const io = redactingIo({ out: (l) => lines.push(l), err: (l) => lines.push(l), progress: terminal });
    expect(io.progress).toBe(terminal);
    io.out('postgres://app:Sup3rSecret@db/x');
    io.err('mail ada@example.com');
    expect(lines.join('\n')).not.toMatch(/Sup3rSecret|ada@example\.com/);
    expect(redactingIo({ out: () => {}, err: () => {} }).progress).toBeUndefined();
  });

  it("draws progress on the process's stderr, reached only when asked for", () => {
    expect(redactingIo(processIo).progress).toBe(process.stderr);
  });
});
