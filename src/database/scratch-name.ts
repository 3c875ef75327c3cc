import { randomBytes } from 'node:crypto';

/**
 * A scratch database name next to `database`: `<database>_dihya_scratch_<8 hex>`, the database
 * part shortened so the whole fits the server's identifier limit (63 bytes on PostgreSQL, 64
 * characters on MySQL/MariaDB: pass the smaller of the two rules as bytes to be safe).
 *
 * @example
 * scratchDatabaseName('shop', 63) // 'shop_dihya_scratch_3f9a1c2b'
 */
export function scratchDatabaseName(database: string, maxBytes: number): string {
  const suffix = `_dihya_scratch_${randomBytes(4).toString('hex')}`;
  let base = [...database];
  while (Buffer.byteLength(base.join('') + suffix) > maxBytes) base = base.slice(0, -1);
  return base.join('') + suffix;
}
