import type { MigrationField } from '../errors/codes/migration-files.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import { closest } from './definition-schema.ts';

/**
 * What `-- dihya:` comments in an SQL migration's header declare: the same fields a TypeScript
 * migration sets, as a plain object still to be checked by the definition schema, with the line
 * each field was written on.
 *
 * @example
 * const { fields, lineOf } = readDirectives([{ text: '-- dihya:timeout 30s', line: 2 }], 'x')
 * fields.timeoutMs // 30000
 * lineOf('timeoutMs') // 2
 */
export interface SqlDirectives {
  fields: Record<string, unknown>;
  lineOf: (path: string) => number | undefined;
}

/**
 * A `-- dihya:<name> <rest>` line.
 *
 * @example
 * DIRECTIVE.exec('-- dihya:timeout 30s')?.[1] // 'timeout'
 */
export const DIRECTIVE = /^--\s*dihya:([A-Za-z][\w-]*)(?:\s+(.*))?$/;

interface Context {
  set(path: string, value: unknown): void;
  get(path: string): unknown;
  /** The value cannot be read: refused with the shape of `field`. */
  wrong(path: string, field: MigrationField): never;
  unknownKey(path: string, field: MigrationField, known: readonly string[]): never;
}

type Reader = (rest: string, at: Context) => void;

const TEXT_FIELDS = ['description', 'sector', 'author', 'purpose', 'approvedBy'] as const;
const CHECK_LISTS = ['allowRowLoss', 'notNull', 'allowOrphans'];
const CHECK_BOUNDS = ['rowCounts', 'rowsChanged'];
const CHECK_KEYS = ['allowRowLoss', 'notNull', 'rowCounts', 'allowOrphans', 'rowsChanged'];
const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, min: 60_000, h: 3_600_000 };

const READERS: Record<string, Reader> = {
  ...Object.fromEntries(TEXT_FIELDS.map((field) => [field, (rest: string, at: Context) => at.set(field, rest)])),
  timeout(rest, at) {
    const match = /^(\d+(?:\.\d+)?)\s*(ms|s|min|m|h)$/.exec(rest);
    if (!match) return at.wrong('timeoutMs', 'timeoutMs');
    at.set('timeoutMs', Math.round(Number(match[1]) * UNITS[match[2]!]!));
  },
  lint(rest, at) {
    for (const [key, value] of pairs(rest, 'lint', at)) {
      if (key === 'allow') at.set('lint.allow', list(value));
      else if (key === 'reason') at.set('lint.reason', value);
      else at.unknownKey(`lint.${key}`, 'lint', ['allow', 'reason']);
    }
  },
  checks(rest, at) {
    for (const [key, value] of pairs(rest, 'checks', at)) {
      const dot = key.indexOf('.');
      const check = dot === -1 ? key : key.slice(0, dot);
      const table = dot === -1 ? '' : key.slice(dot + 1);
      const field = `checks.${check}` as MigrationField;
      if (CHECK_LISTS.includes(check) && table === '') {
        const before = at.get(field);
        if (value === '*' && check === 'allowRowLoss') at.set(field, '*');
        else if (before !== '*') at.set(field, [...((before as string[] | undefined) ?? []), ...list(value)]);
      } else if (CHECK_BOUNDS.includes(check)) {
        const bound = parseBound(value);
        if (table === '' || bound === undefined) return at.wrong(table === '' ? field : `${field}.${table}`, field);
        at.set(`${field}.${table}`, bound);
      } else at.unknownKey(`checks.${key}`, 'checks', CHECK_KEYS);
    }
  },
};

/**
 * The directive names, as the README documents them.
 *
 * @example
 * DIRECTIVE_NAMES.includes('checks') // true
 */
export const DIRECTIVE_NAMES = Object.keys(READERS);

/**
 * Reads the `-- dihya:` lines of an SQL migration into definition fields. An unknown directive
 * or key, or a value that cannot be read, is refused with its line; the shapes are then checked
 * by the definition schema, which names the same line through `lineOf`.
 *
 * @example
 * readDirectives([{ text: '-- dihya:checks allowRowLoss=sessions,logs rowCounts.countries=200..', line: 3 }], 'x').fields
 * // { checks: { allowRowLoss: ['sessions', 'logs'], rowCounts: { countries: { min: 200 } } } }
 */
export function readDirectives(lines: readonly { text: string; line: number }[], name: string): SqlDirectives {
  const fields: Record<string, unknown> = {};
  const written = new Map<string, number>();
  for (const { text, line } of lines) {
    const match = DIRECTIVE.exec(text.trim());
    if (!match) continue;
    const directive = match[1]!;
    const reader = READERS[directive];
    if (!reader) {
      const suggestion = closest(directive, DIRECTIVE_NAMES);
      throw new DihyaError('MIGRATION_DIRECTIVE_UNKNOWN', { name, line, directive, known: DIRECTIVE_NAMES.join(', '), ...(suggestion ? { suggestion } : {}) });
    }
    reader((match[2] ?? '').trim(), {
      set(path, value) {
        const merges = CHECK_LISTS.some((check) => path === `checks.${check}`);
        if (!merges && written.has(path)) {
          throw new DihyaError('MIGRATION_MALFORMED', { name, kind: 'sql', reason: `\`${path}\` is given twice (lines ${written.get(path)} and ${line})` });
        }
        setPath(fields, path, value);
        written.set(path, line);
      },
      get: (path) => getPath(fields, path),
      wrong(path, field) {
        throw new DihyaError('MIGRATION_FIELD_INVALID', { name, kind: 'sql', path, field, problem: 'wrong-value', line });
      },
      unknownKey(path, field, known) {
        const suggestion = closest(path.slice(path.indexOf('.') + 1), known);
        throw new DihyaError('MIGRATION_FIELD_INVALID', {
          name,
          kind: 'sql',
          path,
          field,
          problem: 'unknown-key',
          known: known.join(', '),
          line,
          ...(suggestion ? { suggestion } : {}),
        });
      },
    });
  }
  return { fields, lineOf: (path) => lineFor(written, path) };
}

/** `key=value` pairs; a value may be double-quoted (`reason="not used since v2"`). A word without `=` is an unknown key. */
function pairs(rest: string, field: 'lint' | 'checks', at: Context): [string, string][] {
  const out: [string, string][] = [];
  const pattern = /\s*([^\s="]+)=("(?:[^"\\]|\\.)*"|[^\s"]*)(?=\s|$)/y;
  const known = field === 'lint' ? ['allow', 'reason'] : CHECK_KEYS;
  let i = 0;
  while (rest.slice(i).trim() !== '') {
    pattern.lastIndex = i;
    const match = pattern.exec(rest);
    if (!match) return at.unknownKey(`${field}.${rest.slice(i).trim().split(/[\s=]/)[0]}`, field, known);
    const raw = match[2]!;
    out.push([match[1]!, raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw]);
    i = pattern.lastIndex;
  }
  return out;
}

function list(value: string): string[] {
  return value
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);
}

/** `200`, `1..5`, `200..`, `..10` -> a count or bounds; undefined when malformed. */
function parseBound(value: string): number | { min?: number; max?: number } | undefined {
  if (/^\d+$/.test(value)) return Number(value);
  const match = /^(\d*)\.\.(\d*)$/.exec(value);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  return { ...(match[1] ? { min: Number(match[1]) } : {}), ...(match[2] ? { max: Number(match[2]) } : {}) };
}

/** `checks.rowCounts.shop.orders` -> ['checks', 'rowCounts', 'shop.orders']: a table name may hold dots. */
function splitPath(path: string): string[] {
  const parts = path.split('.');
  return parts[0] === 'checks' && parts.length > 3 ? [parts[0], parts[1]!, parts.slice(2).join('.')] : parts;
}

function setPath(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = splitPath(path);
  let node = target;
  for (const key of parts.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}

function getPath(target: Record<string, unknown>, path: string): unknown {
  let node: unknown = target;
  for (const key of splitPath(path)) node = (node as Record<string, unknown> | undefined)?.[key];
  return node;
}

/** The line of a path, or of the nearest enclosing path written in a directive. */
function lineFor(written: Map<string, number>, path: string): number | undefined {
  for (let p = path; p !== ''; p = p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '') {
    const line = written.get(p);
    if (line !== undefined) return line;
  }
  return undefined;
}
