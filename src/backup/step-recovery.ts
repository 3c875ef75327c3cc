import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * What undoing a step cut short needs, written to the state dir (0600) as the step goes — before
 * each statement that cannot roll back — so that it survives a crash: the step's backups (newest
 * last), the tables it created, and its history row before it (for `down`).
 *
 * @example
 * const record: StepRecovery = { version: '20260102000000', name: '20260102000000_reshape', direction: 'up', run: 'run-…', parts: ['20261202T…-step-1a2b'], created: ['ledger_notes'] }
 */
export interface StepRecovery {
  version: string;
  name: string;
  direction: 'up' | 'down';
  run: string;
  /** Step backups, oldest first; undoing restores them newest first. */
  parts: string[];
  /** Tables that did not exist before the step (undoing drops them). */
  created: string[];
  /** For `down`: the history row to put back. */
  rowBefore?: Record<string, unknown>;
}

/**
 * The step recovery records of one database, one small JSON file per migration in its backup
 * folder (`.step-<version>.json`). Removed once the step committed, or once it was undone.
 *
 * @example
 * const records = new StepRecoveryFiles(store.folder)
 * records.write(record)
 * records.read('20260102000000')?.parts
 */
export class StepRecoveryFiles {
  readonly #folder: string;

  constructor(folder: string) {
    this.#folder = folder;
  }

  write(record: StepRecovery): void {
    mkdirSync(this.#folder, { recursive: true, mode: 0o700 });
    const file = this.#file(record.version);
    writeFileSync(`${file}.tmp`, `${JSON.stringify(record)}\n`, { mode: 0o600 });
    renameSync(`${file}.tmp`, file);
  }

  read(version: string): StepRecovery | undefined {
    const file = this.#file(version);
    if (!existsSync(file)) return undefined;
    try {
      return JSON.parse(readFileSync(file, 'utf8')) as StepRecovery;
    } catch {
      return undefined;
    }
  }

  clear(version: string): void {
    rmSync(this.#file(version), { force: true });
  }

  #file(version: string): string {
    return path.join(this.#folder, `.step-${version.replace(/[^0-9A-Za-z._-]/g, '_')}.json`);
  }
}
