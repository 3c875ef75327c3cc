import { createHash } from 'node:crypto';
import type { SchemaSnapshot } from './schema-snapshot.ts';

/**
 * The SHA-256 (hex) of a schema snapshot's canonical JSON: object keys sorted at every level,
 * array order kept (key columns are ordered). Two snapshots that are deep-equal have the same hash
 * whatever order their keys were inserted in.
 *
 * @example
 * schemaHash({ tables: {}, views: {} }) // 'a76087caf8b2459c3dc14010f767cb37f578a056b1624cc900f5169ba47e028c'
 * schemaHash({ views: {}, tables: {} }) === schemaHash({ tables: {}, views: {} }) // true
 */
export function schemaHash(snapshot: SchemaSnapshot): string {
  return createHash('sha256').update(canonicalJson(snapshot)).digest('hex');
}

/**
 * JSON with object keys sorted (code-unit order) and no spaces; undefined properties are dropped as
 * JSON.stringify does.
 *
 * @example
 * canonicalJson({ b: 1, a: [2, 1] }) // '{"a":[2,1],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => (item === undefined ? 'null' : canonicalJson(item))).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value)
      .sort()
      .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
