import { appendFileSync, chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Kysely } from 'kysely';
import { targetKey } from '../../database/target-key.ts';
import type { Target } from '../../database/target.ts';

/** One erased data subject: keyed hash of its id, when, which tables, and which key made the hash. */
export interface ErasureRecord {
  idHash: string;
  subject: string;
  erasedAt: string;
  /** Fingerprint of the DIHYA_PRIVACY_KEY the hash was made with (see PrivacyKey.check). */
  keyCheck: string;
  tables: string[];
}

interface LedgerRow {
  id_hash: string;
  subject: string;
  erased_at: string;
  key_check: string;
  tables: string;
}

/**
 * The erasure ledger of one database, kept twice so that no restore can make it forget: in its
 * table (`<history>_erasures`, which backups leave out and restores do not bring back) and in a
 * 0600 JSON-lines file under the state dir (`privacy/erasures-<database>.jsonl`, folder 0700),
 * written before the erasure commits. Reading takes the union of both.
 *
 * @example
 * const ledger = new ErasureLedger(target, 'dihya_migrations_erasures', '.dihya')
 * await ledger.record(record, trx)
 * (await ledger.read()).length // 1
 */
export class ErasureLedger {
  readonly file: string;
  readonly table: string;
  readonly #target: Target;

  constructor(target: Target, table: string, stateDir: string) {
    this.#target = target;
    this.table = table;
    this.file = path.join(stateDir, 'privacy', `erasures-${targetKey(target.spec)}.jsonl`);
  }

  /** Every erasure recorded, in the table or in the file, oldest first (one per subject id: its latest erasure). */
  async read(): Promise<ErasureRecord[]> {
    const byId = new Map<string, ErasureRecord>();
    for (const record of [...this.#readFile(), ...(await this.#readTable())]) {
      const known = byId.get(record.idHash);
      if (!known || record.erasedAt > known.erasedAt) byId.set(record.idHash, record);
    }
    return [...byId.values()].sort((a, b) => a.erasedAt.localeCompare(b.erasedAt));
  }

  /** Records an erasure: the file first (so it survives a crash after the commit), then the table through `db`. */
  async record(record: ErasureRecord, db: Kysely<any>): Promise<void> {
    this.#appendToFile([record]);
    await db.deleteFrom(this.table).where('id_hash', '=', record.idHash).execute();
    await db.insertInto(this.table).values(toRow(record)).execute();
  }

  /** Takes an erasure out of the file again, when its transaction rolled back (the table row went with it). */
  forget(idHash: string): void {
    if (!existsSync(this.file)) return;
    const kept = this.#readFile().filter((r) => r.idHash !== idHash);
    writeFileSync(this.file, kept.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o600 });
  }

  /**
   * Puts back in the table (and the file) what either is missing, e.g. after a restore brought
   * back an older copy of the table or none. Returns how many rows were added to the table.
   */
  async complete(records: ErasureRecord[]): Promise<number> {
    const inFile = new Set(this.#readFile().map((r) => r.idHash));
    this.#appendToFile(records.filter((r) => !inFile.has(r.idHash)));
    const inTable = new Set((await this.#readTable()).map((r) => r.idHash));
    const missing = records.filter((r) => !inTable.has(r.idHash));
    for (const record of missing) await this.#target.db.insertInto(this.table).values(toRow(record)).execute();
    return missing.length;
  }

  async #readTable(): Promise<ErasureRecord[]> {
    if (!(await this.#target.tableExists(this.table))) return [];
    const rows = (await this.#target.db.selectFrom(this.table).selectAll().execute()) as LedgerRow[];
    return rows.map((row) => ({
      idHash: String(row.id_hash),
      subject: String(row.subject),
      erasedAt: String(row.erased_at),
      keyCheck: String(row.key_check),
      tables: JSON.parse(String(row.tables)) as string[],
    }));
  }

  #readFile(): ErasureRecord[] {
    if (!existsSync(this.file)) return [];
    return readFileSync(this.file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as ErasureRecord);
  }

  #appendToFile(records: ErasureRecord[]): void {
    if (records.length === 0) return;
    const dir = path.dirname(this.file);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    chmodSync(dir, 0o700);
    appendFileSync(this.file, records.map((r) => `${JSON.stringify(r)}\n`).join(''), { mode: 0o600 });
    chmodSync(this.file, 0o600);
  }
}

/**
 * How many erasures were recorded after `isoTime` (e.g. after a backup was taken: restoring that
 * backup brings their subjects back until the ledger re-applies them).
 *
 * @example
 * erasuresAfter(records, manifest.createdAt) // 2
 */
export function erasuresAfter(records: ErasureRecord[], isoTime: string): number {
  return records.filter((r) => r.erasedAt > isoTime).length;
}

function toRow(record: ErasureRecord): LedgerRow {
  return { id_hash: record.idHash, subject: record.subject, erased_at: record.erasedAt, key_check: record.keyCheck, tables: JSON.stringify(record.tables) };
}
