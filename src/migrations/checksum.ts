import { createHash } from 'node:crypto';

/**
 * Normalizes a migration's text so that checkouts on Windows and Unix agree:
 * no byte-order mark, and `\n` line endings.
 */
export function normalizeMigrationText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

/**
 * SHA-256 (hex) of a migration's normalized text; the history table stores it to detect edits.
 *
 * @example
 * migrationChecksum('select 1;\r\n') === migrationChecksum('select 1;\n') // true
 */
export function migrationChecksum(text: string): string {
  return createHash('sha256').update(normalizeMigrationText(text), 'utf8').digest('hex');
}
