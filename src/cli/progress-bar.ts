import cliProgress from 'cli-progress';
import type { RunEvent } from '../pipeline/run-events.ts';
import { redactText } from '../privacy/redaction/redact.ts';
import type { Messages } from './i18n/messages-en.ts';
import type { ProgressStream } from './output.ts';

/** The display's texts; `rate` and `eta` are shown when the progress events carry them (backfills). */
type Texts = Messages['monitor']['progressDisplay'] & { rate?: (perSecond: number) => string; eta?: (seconds: number) => string };
type Unit = Extract<RunEvent, { type: 'progress' }>['unit'];

/** What the bar shows besides its value: the task, its phase, the unit, and when the task started. */
interface Payload {
  task: string;
  phase: string;
  unit: Unit;
  hasTotal: boolean;
  startedAt: number;
  perSecond?: number;
  etaSeconds?: number;
}

/**
 * The progress display of long work on a terminal: one line with the task, its phase, a bar when
 * the total is known, the amount done (bytes, rows…) and the time elapsed, redrawn in place a few
 * times a second. It draws only on a TTY (never into a pipe, a file or CI logs) and is created
 * disabled for `--json`. Built on cli-progress.
 *
 * @example
 * const display = new TerminalProgress(process.stderr, en.monitor.progressDisplay)
 * display.handle({ type: 'progress', task: 'backup', phase: 'checksums', done: 512, total: 1024, unit: 'bytes' })
 * display.stop()
 */
export class TerminalProgress {
  readonly #stream: ProgressStream | undefined;
  readonly #texts: Texts;
  #bar: cliProgress.SingleBar | undefined;
  #payload: Payload | undefined;

  /** `stream`: where to draw (undefined, or not a TTY: nothing is ever drawn). */
  constructor(stream: ProgressStream | undefined, texts: Texts) {
    this.#stream = stream?.isTTY === true ? stream : undefined;
    this.#texts = texts;
  }

  /** Follows run events: `progress` events (the phase `done` ends the task), a migration running, the end of a run. */
  handle(event: RunEvent): void {
    if (!this.#stream) return;
    switch (event.type) {
      case 'progress':
        if (event.phase === 'done') this.stop();
        else this.#show(event.task, event.phase, event.done, event.total, event.unit, event.perSecond, event.etaSeconds);
        break;
      case 'migration-start':
        // `n / N migrations`: where a long history is
        this.#show(event.name, 'running', event.index, event.count, 'migrations');
        break;
      case 'migration-done':
      case 'migration-failed':
      case 'lock-released':
        this.stop();
        break;
      default:
        break;
    }
  }

  /** Clears the bar's line so that a line of text can be printed; the bar redraws itself below it. */
  clear(): void {
    if (this.#bar) this.#stream?.write('\r\x1b[2K');
  }

  /** Removes the bar (its line is cleared). */
  stop(): void {
    this.#bar?.stop();
    this.#bar = undefined;
    this.#payload = undefined;
  }

  #show(task: string, phase: string, done: number | undefined, total: number | undefined, unit: Unit, perSecond?: number, etaSeconds?: number): void {
    const hasTotal = total !== undefined && total > 0;
    const rate = { ...(perSecond !== undefined ? { perSecond } : {}), ...(etaSeconds !== undefined ? { etaSeconds } : {}) };
    if (this.#bar && this.#payload?.task === task) {
      if (hasTotal) this.#bar.setTotal(total);
      this.#payload = { task: this.#payload.task, startedAt: this.#payload.startedAt, phase, unit, hasTotal, ...rate };
      this.#bar.update(done ?? 0, this.#payload);
      return;
    }
    this.stop();
    this.#payload = { task, phase, unit, hasTotal, startedAt: Date.now(), ...rate };
    this.#bar = new cliProgress.SingleBar({
      stream: this.#stream!,
      format: (options, params, payload: Payload) => this.#line(options, params, payload),
      fps: 5,
      barsize: 24,
      clearOnComplete: true,
      hideCursor: false,
      linewrap: true,
      gracefulExit: true,
    });
    this.#bar.start(hasTotal ? total : 1, done ?? 0, this.#payload);
  }

  #line(options: cliProgress.Options, params: cliProgress.Params, payload: Payload): string {
    const t = this.#texts;
    const parts = [`${t.tasks[payload.task] ?? payload.task} · ${t.phases[payload.phase] ?? payload.phase}`];
    if (payload.hasTotal) parts.push(`[${cliProgress.Format.BarFormat(params.progress, options)}] ${Math.floor(params.progress * 100)}%`);
    if (payload.unit) parts.push(amount(params.value, payload.hasTotal ? params.total : undefined, payload.unit));
    if (payload.perSecond !== undefined && t.rate) parts.push(t.rate(payload.perSecond));
    if (payload.etaSeconds !== undefined && t.eta) parts.push(t.eta(payload.etaSeconds));
    parts.push(t.elapsed(((Date.now() - payload.startedAt) / 1000).toFixed(1)));
    return redactText(parts.join('  '));
  }
}

/** `3.2 MiB / 10.0 MiB`, `1200 / 5000 rows`. */
function amount(done: number, total: number | undefined, unit: NonNullable<Unit>): string {
  if (unit === 'bytes') return total !== undefined ? `${bytes(done)} / ${bytes(total)}` : bytes(done);
  return total !== undefined ? `${done} / ${total} ${unit}` : `${done} ${unit}`;
}

function bytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
