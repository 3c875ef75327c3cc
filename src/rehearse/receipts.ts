import type { AuditEventMap } from '../audit/audit-events.ts';
import type { AuditEntry } from '../audit/audit-line.ts';
import { schemaHash } from '../database/schema-hash.ts';
import type { Target } from '../database/target.ts';

/** A rehearsal receipt as the audit holds it, with when it was written. */
export type RehearsalReceipt = AuditEventMap['rehearsal.receipt'] & { ts: string; seq: number };

/** A migration as receipts name it: its version and the checksum of its file. */
export interface ReceiptKey {
  version: string;
  checksum: string;
}

/**
 * Every rehearsal receipt in the audit entries, newest first.
 *
 * @example
 * const receipts = receiptsIn(migrator.safety.audit.entries())
 */
export function receiptsIn(entries: AuditEntry[]): RehearsalReceipt[] {
  return entries
    .filter((e) => e.event === 'rehearsal.receipt')
    .map((e) => e as unknown as RehearsalReceipt)
    .reverse();
}

/**
 * The newest passing receipt for exactly these migrations (same versions, same checksums, no more,
 * no fewer) rehearsed on a copy of a database whose schema had the hash `sourceSchemaHash`; or why
 * there is none (`reason`), for REHEARSAL_REQUIRED.
 *
 * @example
 * const found = matchingReceipt(receipts, [{ version: '20261127061249', checksum: 'ab12…' }], hash)
 * if ('receipt' in found) console.log(found.receipt.ts)
 */
export function matchingReceipt(
  receipts: RehearsalReceipt[],
  migrations: ReceiptKey[],
  sourceSchemaHash: string,
): { receipt: RehearsalReceipt } | { reason: string } {
  const wanted = keyOf(migrations);
  const passed = receipts.filter((r) => r.result === 'passed');
  if (passed.length === 0) return { reason: receipts.length === 0 ? 'no rehearsal was ever recorded' : 'the last rehearsals failed' };
  const sameSet = passed.filter((r) => keyOf(r.migrations) === wanted);
  if (sameSet.length === 0) {
    const versions = new Set(migrations.map((m) => m.version));
    const changed = passed.some((r) =>
      r.migrations.some((m) => versions.has(m.version) && !migrations.some((w) => w.version === m.version && w.checksum === m.checksum)),
    );
    return { reason: changed ? 'a migration changed since it was rehearsed' : 'the rehearsed migrations are not the ones about to run' };
  }
  const receipt = sameSet.find((r) => r.sourceSchemaHash === sourceSchemaHash);
  return receipt ? { receipt } : { reason: 'the database schema changed since the rehearsal' };
}

/**
 * The rehearsed duration of one migration (same checksum) in the newest passing receipt that has it.
 *
 * @example
 * rehearsedDuration(receipts, { version: '20261127061249', checksum: 'ab12…' }) // 1840
 */
export function rehearsedDuration(receipts: RehearsalReceipt[], migration: ReceiptKey): number | undefined {
  for (const receipt of receipts) {
    if (receipt.result !== 'passed') continue;
    const found = receipt.migrations.find((m) => m.version === migration.version && m.checksum === migration.checksum);
    if (found) return found.durationMs;
  }
  return undefined;
}

/**
 * The schema hash receipts are tied to: the target's schema without dihya-migrate's own tables.
 *
 * @example
 * const hash = await sourceSchemaHash(target, tables.all)
 */
export async function sourceSchemaHash(target: Target, ownTables: string[]): Promise<string> {
  return schemaHash(await target.snapshotSchema(undefined, ownTables));
}

function keyOf(migrations: ReceiptKey[]): string {
  return migrations
    .map((m) => `${m.version}:${m.checksum}`)
    .sort()
    .join(',');
}
