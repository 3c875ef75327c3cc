/**
 * A value read from the database as text, the same on every driver (keys compared in memory, codes
 * in messages): strings as they are, numbers and bigints in decimal, dates in ISO form.
 *
 * @example
 * cellText(12n) // '12'
 */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  return JSON.stringify(value);
}
