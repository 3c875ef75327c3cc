import { createHash } from 'node:crypto';
import type { ToolChecksum } from './foreign-history.ts';

/**
 * Flyway's checksum of a script: CRC-32 of its lines without their line breaks (and without a
 * byte-order mark), as a signed 32-bit integer, as `flyway_schema_history.checksum` holds it.
 *
 * @example
 * flywayChecksum('select 1;\n') // the value Flyway records for that file
 */
export function flywayChecksum(text: string): string {
  const joined = text.replace(/^\uFEFF/, '').replace(/\r\n|\r|\n/g, '');
  // zlib is loaded here, not with the module: every command loads this one, few adopt a Flyway history.
  const { crc32 } = process.getBuiltinModule('node:zlib');
  return String(crc32(Buffer.from(joined, 'utf8')) | 0);
}

/**
 * The checksum of `text` computed the way the tool that recorded `recorded` computes it.
 *
 * @example
 * toolChecksum({ kind: 'sha256', value: '…' }, 'create table t (id int);')
 */
export function toolChecksum(recorded: ToolChecksum, text: string): string {
  if (recorded.kind === 'flyway-crc32') return flywayChecksum(text);
  return createHash(recorded.kind).update(text, 'utf8').digest('hex');
}
