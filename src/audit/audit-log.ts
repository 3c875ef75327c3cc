import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import type { Kysely } from 'kysely';
import path from 'node:path';
import { DihyaError } from '../errors/dihya-error.ts';
import { redactDeep, redactText } from '../privacy/redaction/redact.ts';
import type { Target } from '../database/target.ts';
import { privateFolder } from '../util/private-files.ts';
import type { AuditEventMap, AuditEventName } from './audit-events.ts';
import { decodeAuditLine, encodeAuditLine, GENESIS_HASH, type AuditEntry } from './audit-line.ts';
import { verifyAuditChain, type ChainReport } from './verify-chain.ts';

/** An entry whose mirror row is written but whose file line is not yet. */
export interface StagedEntry {
  entry: AuditEntry;
  line: string;
  hash: string;
}

interface MirrorRow {
  seq: number;
  line: string;
}

/**
 * The tamper-evident audit of one database: one JSON line per operation in a file under
 * `.dihya/logs/`, each hashed together with the previous one, and the same lines mirrored in a
 * table of the database (the mirror row of a migration commits in the migration's own
 * transaction). Details are redacted before they are written. Appends happen under the migration
 * lock; the first append of a process reconciles the file with the mirror (a missing or shorter
 * file is rebuilt from the mirror, a mirror behind the file is completed), and refuses to write
 * when they disagree.
 *
 * @example
 * const audit = new AuditLog(target, '.dihya/logs/audit-sqlite-app.jsonl', 'dihya_audit', 'ci@build-1', () => schema.upgrade())
 * await audit.append('run.start', { command: 'up', pending: 3 })
 * const report = await audit.verify()
 */
export class AuditLog {
  readonly file: string;
  readonly table: string;
  readonly #target: Target;
  readonly #actor: string;
  #last: { seq: number; hash: string } | undefined;
  /** Entries staged in a transaction that has not committed yet, oldest first. */
  #staged: StagedEntry[] = [];

  readonly #ensureMirror: () => Promise<unknown>;

  /**
   * `ensureMirror` creates the mirror table when it is missing (dihya-migrate's internal schema
   * upgrade, see internal-schema/); it runs before the first append of the process.
   */
  constructor(target: Target, file: string, table: string, actor: string, ensureMirror: () => Promise<unknown>) {
    this.#target = target;
    this.file = file;
    this.table = table;
    this.#actor = redactText(actor);
    this.#ensureMirror = ensureMirror;
  }

  /** Appends one entry: the mirror row (committed at once), then the file line. */
  async append<E extends AuditEventName>(event: E, details: AuditEventMap[E]): Promise<AuditEntry> {
    const staged = await this.stage(event, details, this.#target.db);
    this.confirm(staged);
    return staged.entry;
  }

  /**
   * Writes an entry's mirror row through `db` (e.g. inside a migration's transaction, so the entry
   * commits or rolls back with it) without writing the file yet. Several entries may be staged in
   * one transaction; call {@link confirm} after the commit, or {@link discardStaged} after a rollback.
   */
  async stage<E extends AuditEventName>(event: E, details: AuditEventMap[E], db: Kysely<any>): Promise<StagedEntry> {
    if (!this.#last) this.#last = await this.#reconcile();
    const tip = this.#staged.at(-1);
    const previous = tip ? { seq: tip.entry.seq, hash: tip.hash } : this.#last;
    // One redaction over the whole entry (actor, target, every detail, keys included): what the
    // hash chain seals must never hold a personal value.
    const entry: AuditEntry = redactDeep({
      seq: previous.seq + 1,
      ts: new Date().toISOString(),
      actor: this.#actor,
      target: this.#target.displayUrl,
      event,
      ...(details as Record<string, unknown>),
      prev: previous.hash,
    });
    const { line, hash } = encodeAuditLine(entry);
    await db.insertInto(this.table).values({ seq: entry.seq, ts: entry.ts, event, hash, line }).execute();
    const staged = { entry, line, hash };
    this.#staged.push(staged);
    return staged;
  }

  /**
   * Writes the staged entries up to `staged` to the file once their mirror rows are committed.
   * Confirming an entry already written (by confirming a later one) does nothing.
   */
  confirm(staged: StagedEntry): void {
    const upTo = this.#staged.indexOf(staged);
    if (upTo === -1) return;
    const done = this.#staged.splice(0, upTo + 1);
    this.#appendToFile(done.map((s) => s.line));
    this.#last = { seq: staged.entry.seq, hash: staged.hash };
  }

  /** Writes every staged entry to the file once their transaction committed. */
  confirmStaged(): void {
    const last = this.#staged.at(-1);
    if (last) this.confirm(last);
  }

  /** Forgets entries staged in a transaction that rolled back. */
  discardStaged(): void {
    this.#staged = [];
  }

  /** Checks the file and the mirror, without changing either. */
  async verify(): Promise<ChainReport> {
    return verifyAuditChain(this.#fileLines(), await this.#readMirror());
  }

  /** The entries of the file (decodable ones), oldest first. */
  entries(): AuditEntry[] {
    return this.#fileLines().flatMap((line) => {
      const decoded = decodeAuditLine(line);
      return decoded.ok ? [decoded.entry] : [];
    });
  }

  async #readMirror(): Promise<MirrorRow[]> {
    if (!(await this.#target.tableExists(this.table))) return [];
    const rows = await this.#target.db.selectFrom(this.table).select(['seq', 'line']).orderBy('seq').execute();
    return rows.map((r) => ({ seq: Number(r.seq), line: String(r.line) }));
  }

  /** The file split on newlines (a well-formed file ends with an empty element). */
  #fileLines(): string[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8').split('\n');
  }

  /**
   * Appends lines to the file. No fsync: the mirror row is already committed, and a file that
   * lost its tail in a crash is completed from the mirror by the next run.
   */
  #appendToFile(lines: string[]): void {
    privateFolder(path.dirname(this.file));
    appendFileSync(this.file, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
  }

  /** Brings file and mirror to the same chain when one is a prefix of the other; returns the chain's end. */
  async #reconcile(): Promise<{ seq: number; hash: string }> {
    await this.#ensureMirror();
    const raw = this.#fileLines();
    if (raw.length > 0 && raw.at(-1) !== '') throw this.#broken(raw.length, 'the last line of the file is not terminated');
    const fileLines = raw.slice(0, -1);
    const mirror = await this.#readMirror();
    const shared = Math.min(fileLines.length, mirror.length);
    for (let i = 0; i < shared; i++) {
      if (fileLines[i] !== mirror[i]!.line) throw this.#broken(i + 1, 'the file and the mirror hold different entries');
    }
    const own = verifyAuditChain([...(fileLines.length >= mirror.length ? fileLines : mirror.map((r) => r.line)), ''], []);
    const chainProblem = own.problems.find((p) => p.reason !== 'missing from the database mirror');
    if (chainProblem) throw this.#broken(chainProblem.seq, chainProblem.reason);
    let resynced: { event: 'audit.file-rebuilt' | 'audit.mirror-completed'; count: number } | undefined;
    if (mirror.length > fileLines.length) {
      this.#appendToFile(mirror.slice(fileLines.length).map((r) => r.line));
      resynced = { event: 'audit.file-rebuilt', count: mirror.length - fileLines.length };
    } else if (fileLines.length > mirror.length) {
      for (const line of fileLines.slice(mirror.length)) {
        const decoded = decodeAuditLine(line);
        if (!decoded.ok) throw this.#broken(mirror.length + 1, decoded.reason);
        const { entry, hash } = decoded;
        await this.#target.db.insertInto(this.table).values({ seq: entry.seq, ts: entry.ts, event: entry.event, hash, line }).execute();
      }
      resynced = { event: 'audit.mirror-completed', count: fileLines.length - mirror.length };
    }
    const lastLine = (fileLines.length >= mirror.length ? fileLines : mirror.map((r) => r.line)).at(-1);
    const last = lastLine ? decodeAuditLine(lastLine) : undefined;
    this.#last = last && last.ok ? { seq: last.entry.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    if (resynced) await this.append(resynced.event, { entries: resynced.count });
    return this.#last;
  }

  #broken(seq: number, reason: string): DihyaError {
    return new DihyaError('AUDIT_BROKEN', { file: path.basename(this.file), seq, reason });
  }
}
