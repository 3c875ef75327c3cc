import { appendFileSync, existsSync, readFileSync, statSync } from 'node:fs';
import type { Kysely } from 'kysely';
import path from 'node:path';
import { DihyaError } from '../errors/dihya-error.ts';
import { naming } from '../errors/state-write.ts';
import { redactDeep, redactText } from '../privacy/redaction/redact.ts';
import { ShapedQueries } from '../database/shaped-queries.ts';
import type { Target } from '../database/target.ts';
import type { HistoryRow } from './history-cross-check.ts';
import { privateFile } from '../util/private-files.ts';
import type { AuditEventMap, AuditEventName } from './audit-events.ts';
import type { AuditKey } from './audit-key.ts';
import { decodeAuditLine, encodeAuditLine, GENESIS_HASH, type AuditEntry } from './audit-line.ts';
import { heldIf } from '../database/held-statements.ts';
import { decodeKeyedHead, HEAD_SEQ, writeKeyedHead, type KeyedHead } from './keyed-head.ts';
import { verifyAudit, type AuditReport } from './verify-audit.ts';
import { verifyAuditChain } from './verify-chain.ts';
import { verifySeal } from './verify-seal.ts';

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
 * when they disagree. With DIHYA_AUDIT_KEY (`key`), every line carries a MAC and the mirror a
 * keyed chain head (see audit-key.ts); reconciling checks them first, so a forged mirror is never
 * copied into the file, and a sealed audit refuses entries written without the key.
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
  /** Entries held back until the step's transaction commits (see {@link defer}). */
  #deferred: { event: AuditEventName; details: unknown }[] = [];

  /** The mirror row's insert, compiled once. */
  readonly #queries = new ShapedQueries();
  readonly #ensureMirror: () => Promise<unknown>;
  readonly #key: AuditKey | undefined;
  readonly #onUnverifiedRebuild: ((entries: number) => void) | undefined;
  /** Set by {@link startSealing}: the next reconcile may seal an audit written so far without the key. */
  #sealingAllowed = false;

  /**
   * `ensureMirror` creates the mirror table when it is missing (dihya-migrate's internal schema
   * upgrade, see internal-schema/); it runs before the first append of the process. `key`: from
   * DIHYA_AUDIT_KEY (AuditKey.fromEnv), or none. `onUnverifiedRebuild`: told when, without the key,
   * the file is rebuilt from a mirror that only its own hashes vouch for (so that it is said, not silent).
   */
  constructor(
    target: Target,
    file: string,
    table: string,
    actor: string,
    ensureMirror: () => Promise<unknown>,
    options: { key?: AuditKey; onUnverifiedRebuild?: (entries: number) => void } = {},
  ) {
    this.#target = target;
    this.file = file;
    this.table = table;
    this.#actor = redactText(actor);
    this.#ensureMirror = ensureMirror;
    this.#key = options.key;
    this.#onUnverifiedRebuild = options.onUnverifiedRebuild;
  }

  /**
   * Lets the next append seal an audit that holds entries but none sealed (`audit seal`, once the
   * key was set): without it such an audit is refused (AUDIT_NOT_SEALED), since it is also what
   * someone who stripped every MAC and the keyed head would leave.
   */
  startSealing(): void {
    if (!this.#key) throw new DihyaError('AUDIT_KEY_MISSING', { command: 'audit seal' });
    this.#sealingAllowed = true;
  }

  /** True when DIHYA_AUDIT_KEY is set: entries are sealed. */
  get keyed(): boolean {
    return this.#key !== undefined;
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
   * With `held`, the mirror row goes to the server with the transaction's next statement (its
   * COMMIT; see heldUntilNext).
   */
  async stage<E extends AuditEventName>(event: E, details: AuditEventMap[E], db: Kysely<any>, options: { held?: boolean } = {}): Promise<StagedEntry> {
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
    const { line, hash } = encodeAuditLine(entry, this.#key);
    await this.#insertMirrorRows(db, [{ entry, line, hash }], options.held === true);
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

  /** Forgets entries staged (or deferred) in a transaction that rolled back. */
  /**
   * Where the staged and deferred entries end now, for {@link rewindStaged}.
   *
   * @example
   * const position = audit.stagedPosition()
   */
  stagedPosition(): { staged: number; deferred: number } {
    return { staged: this.#staged.length, deferred: this.#deferred.length };
  }

  /**
   * Forgets the entries staged or deferred since `position` (a transaction retried from its
   * start stages its entry again: the one of the attempt rolled back must not be chained to).
   *
   * @example
   * audit.rewindStaged(position)
   */
  rewindStaged(position: { staged: number; deferred: number }): void {
    this.#staged.length = Math.min(this.#staged.length, position.staged);
    this.#deferred.length = Math.min(this.#deferred.length, position.deferred);
  }

  discardStaged(): void {
    this.#staged = [];
    this.#deferred = [];
  }

  /**
   * Holds an entry of the step's transaction where its mirror row could not roll back with it
   * (MariaDB commits DDL at once, and with it anything written before): nothing is written now;
   * {@link appendDeferred} appends it once the step committed, {@link discardStaged} forgets it
   * when the step failed, so a rolled-back step leaves no entry claiming otherwise.
   *
   * @example
   * audit.defer('hook.note', { hook: 'hook afterMigrate #1', run, message: 'orders checked' })
   */
  defer<E extends AuditEventName>(event: E, details: AuditEventMap[E]): void {
    this.#deferred.push({ event, details });
  }

  /** Appends the entries deferred in the step that just committed, oldest first. */
  async appendDeferred(): Promise<void> {
    const deferred = this.#deferred;
    this.#deferred = [];
    for (const { event, details } of deferred) await this.append(event, details as AuditEventMap[typeof event]);
  }

  /**
   * Checks the file, the mirror, the seal (with the key) and, given the `history` rows, that the
   * history and the audit agree; changes nothing. Every problem is listed.
   */
  async verify(options: { history?: HistoryRow[] } = {}): Promise<AuditReport> {
    const { rows, head } = await this.#readMirrorAndHead();
    return verifyAudit({
      file: path.basename(this.file),
      fileLines: existsSync(this.file) ? this.#fileLines() : undefined,
      mirror: rows,
      head,
      key: this.#key,
      ...(options.history ? { history: options.history } : {}),
    });
  }

  /**
   * The entries as the next append will see them: the file's, or the mirror's when the mirror is
   * longer (a missing or cut file is rebuilt from it). For checks before the lock.
   */
  async recordedEntries(): Promise<AuditEntry[]> {
    const fromFile = this.entries();
    if (!(await this.#target.tableExists(this.table))) return fromFile;
    const { last } =
      (await this.#target.db
        .selectFrom(this.table)
        .select((eb) => eb.fn.max('seq').as('last'))
        .executeTakeFirst()) ?? {};
    if (Number(last ?? 0) <= (fromFile.at(-1)?.seq ?? 0)) return fromFile;
    const { rows } = await this.#readMirrorAndHead();
    return rows.flatMap((row) => {
      const decoded = decodeAuditLine(row.line);
      return decoded.ok ? [decoded.entry] : [];
    });
  }

  /** The entries of the file (decodable ones), oldest first. */
  entries(): AuditEntry[] {
    return this.#fileLines().flatMap((line) => {
      const decoded = decodeAuditLine(line);
      return decoded.ok ? [decoded.entry] : [];
    });
  }

  /** The mirror's entries (oldest first) and its keyed head (row 0), if any. */
  async #readMirrorAndHead(): Promise<{ rows: MirrorRow[]; head: KeyedHead | 'unreadable' | undefined }> {
    if (!(await this.#target.tableExists(this.table))) return { rows: [], head: undefined };
    const all = (await this.#target.db.selectFrom(this.table).select(['seq', 'line']).orderBy('seq').execute()).map((r) => ({
      seq: Number(r.seq),
      line: String(r.line),
    }));
    const head = decodeKeyedHead(all.find((r) => r.seq === HEAD_SEQ)?.line);
    return { rows: all.filter((r) => r.seq !== HEAD_SEQ), head };
  }

  /** Inserts mirror rows and, with the key, moves the keyed head to the last one, in one transaction. */
  async #insertMirrorRows(db: Kysely<any>, staged: { entry: AuditEntry; line: string; hash: string }[], held = false): Promise<void> {
    const key = this.#key;
    const last = staged.at(-1);
    if (!last) return;
    const write = async (trx: Kysely<any>) => {
      for (const { entry, line, hash } of staged) {
        const row = { seq: entry.seq, ts: entry.ts, event: entry.event, hash, line };
        await this.#queries.execute(trx, 'mirror row', Object.values(row), () => trx.insertInto(this.table).values(row).compile(), heldIf(held));
      }
      if (key) await writeKeyedHead(trx, this.table, key, { seq: last.entry.seq, hash: last.hash }, last.entry.ts, held);
    };
    if (!key || db.isTransaction) await write(db);
    else await db.transaction().execute(write);
  }

  /** The file split on newlines (a well-formed file ends with an empty element). */
  #fileLines(): string[] {
    if (!existsSync(this.file)) return [];
    // Only a regular file is read: a device or a pipe in its place (a link to /dev/full, /dev/zero)
    // would be read forever.
    if (!statSync(this.file).isFile()) throw this.#broken(0, 'the audit file is not a regular file');
    return readFileSync(this.file, 'utf8').split('\n');
  }

  /**
   * Appends lines to the file. No fsync: the mirror row is already committed, and a file that
   * lost its tail in a crash is completed from the mirror by the next run.
   */
  #appendToFile(lines: string[]): void {
    try {
      privateFile(this.file); // 0600 in a 0700 folder, also for a file an older version wrote 0644
      appendFileSync(this.file, lines.map((l) => `${l}\n`).join(''), { mode: 0o600 });
    } catch (error) {
      throw naming(error, this.file);
    }
  }

  /** Brings file and mirror to the same chain when one is a prefix of the other; returns the chain's end. */
  async #reconcile(): Promise<{ seq: number; hash: string }> {
    await this.#ensureMirror();
    const raw = this.#fileLines();
    if (raw.length > 0 && raw.at(-1) !== '') throw this.#broken(raw.length, 'the last line of the file is not terminated');
    const fileLines = raw.slice(0, -1);
    const { rows: mirror, head } = await this.#readMirrorAndHead();
    const shared = Math.min(fileLines.length, mirror.length);
    for (let i = 0; i < shared; i++) {
      if (fileLines[i] !== mirror[i]!.line) throw this.#broken(i + 1, 'the file and the mirror hold different entries');
    }
    const own = verifyAuditChain([...(fileLines.length >= mirror.length ? fileLines : mirror.map((r) => r.line)), ''], []);
    const chainProblem = own.problems.find((p) => p.reason !== 'missing from the database mirror');
    if (chainProblem) throw this.#broken(chainProblem.seq, chainProblem.reason);
    this.#checkSeal(fileLines.length >= mirror.length ? fileLines : mirror.map((r) => r.line), head);
    let resynced: { event: 'audit.file-rebuilt' | 'audit.mirror-completed'; count: number } | undefined;
    if (mirror.length > fileLines.length) {
      this.#appendToFile(mirror.slice(fileLines.length).map((r) => r.line));
      resynced = { event: 'audit.file-rebuilt', count: mirror.length - fileLines.length };
    } else if (fileLines.length > mirror.length) {
      const missing = fileLines.slice(mirror.length).map((line, i) => {
        const decoded = decodeAuditLine(line);
        if (!decoded.ok) throw this.#broken(mirror.length + i + 1, decoded.reason);
        return { entry: decoded.entry, line, hash: decoded.hash };
      });
      await this.#insertMirrorRows(this.#target.db, missing);
      resynced = { event: 'audit.mirror-completed', count: fileLines.length - mirror.length };
    }
    const lastLine = (fileLines.length >= mirror.length ? fileLines : mirror.map((r) => r.line)).at(-1);
    const last = lastLine ? decodeAuditLine(lastLine) : undefined;
    this.#last = last && last.ok ? { seq: last.entry.seq, hash: last.hash } : { seq: 0, hash: GENESIS_HASH };
    if (resynced) await this.append(resynced.event, { entries: resynced.count, checked: this.#key ? 'DIHYA_AUDIT_KEY' : 'hashes only' });
    if (resynced?.event === 'audit.file-rebuilt' && !this.#key) this.#onUnverifiedRebuild?.(resynced.count);
    return this.#last;
  }

  /**
   * Before appending: a sealed audit needs the key (AUDIT_KEY_REQUIRED), and with the key the chain
   * about to be extended must pass the seal (or never have been sealed: this starts sealing it).
   */
  #checkSeal(lines: string[], head: KeyedHead | 'unreadable' | undefined): void {
    const file = path.basename(this.file);
    const sealedLines = lines.flatMap((line) => {
      const decoded = decodeAuditLine(line);
      return decoded.ok ? [{ seq: decoded.entry.seq, hash: decoded.hash, ...(decoded.mac ? { mac: decoded.mac } : {}) }] : [];
    });
    if (!this.#key) {
      const lastSealed = sealedLines.findLast((l) => l.mac !== undefined)?.seq;
      if (head || lastSealed !== undefined)
        throw new DihyaError('AUDIT_KEY_REQUIRED', { file, seq: head && head !== 'unreadable' ? head.seq : (lastSealed ?? 0) });
      return;
    }
    const seal = verifySeal(sealedLines, head, this.#key, { file, historyRows: 0 });
    const neverSealed = !head && seal.sealedEntries === 0;
    if (neverSealed && sealedLines.length > 0 && !this.#sealingAllowed) throw new DihyaError('AUDIT_NOT_SEALED', { file, entries: sealedLines.length });
    const problem = neverSealed ? undefined : seal.problems[0];
    if (problem) throw this.#broken(problem.seq, problem.reason);
  }

  #broken(seq: number, reason: string): DihyaError {
    return new DihyaError('AUDIT_BROKEN', { file: path.basename(this.file), seq, reason });
  }
}
