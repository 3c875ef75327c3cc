import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

/** Every .ts file under src/, as [folder, file, imported folders]. */
function imports(): { folder: string; file: string; targets: string[] }[] {
  const out: { folder: string; file: string; targets: string[] }[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ts')) {
        const folder = topFolder(full);
        const text = readFileSync(full, 'utf8');
        const targets = [...text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map((m) => topFolder(path.resolve(path.dirname(full), m[1]!)));
        out.push({ folder, file: path.relative(SRC, full), targets: targets.filter((t) => t !== folder) });
      }
    }
  };
  walk(SRC);
  return out;
}

/**
 * The unit a file belongs to: its top folder under src/, except privacy/redaction/, a leaf that
 * the lowest layers use, while the rest of privacy/ (catalog, anonymization…) sits above the database.
 */
function topFolder(file: string): string {
  const rel = path.relative(SRC, file).split(path.sep);
  if (rel[0] === 'privacy' && rel[1] === 'redaction' && rel.length > 2) return 'privacy/redaction';
  return rel.length > 1 ? rel[0]! : '(root)';
}

describe('folder boundaries (DESIGN.md: layout)', () => {
  const all = imports();
  const edges = new Map<string, Set<string>>();
  for (const { folder, targets } of all) for (const t of targets) (edges.get(folder) ?? edges.set(folder, new Set()).get(folder)!).add(t);

  it('has no two folders importing each other, and no longer cycle either', () => {
    const cycles: string[] = [];
    const visit = (node: string, trail: string[]) => {
      for (const next of edges.get(node) ?? []) {
        if (next === '(root)') continue; // version.ts and index.ts: a leaf and the public entry
        if (trail.includes(next)) cycles.push([...trail.slice(trail.indexOf(next)), next].join(' -> '));
        else visit(next, [...trail, next]);
      }
    };
    for (const start of edges.keys()) visit(start, [start]);
    expect([...new Set(cycles)]).toEqual([]);
  });

  it('has nothing but the entry points import the CLI', () => {
    expect(all.filter((f) => f.folder !== 'cli' && f.targets.includes('cli')).map((f) => f.file)).toEqual([]);
  });

  it('keeps the SQL text helpers and the redaction leaves, and dialect code inside database/dialects', () => {
    expect([...(edges.get('sql') ?? [])]).toEqual([]);
    expect([...(edges.get('privacy/redaction') ?? [])]).toEqual([]);
    const dialectImports = all.filter(
      (f) => !f.file.startsWith('database') && /dialects\//.test(readFileSync(path.join(SRC, f.file), 'utf8')) && f.targets.includes('database'),
    );
    expect(dialectImports.map((f) => f.file)).toEqual([]);
  });

  it('reads capabilities, not dialect names, outside the dialect folders', () => {
    const offenders = all
      .filter((f) => !f.file.startsWith(path.join('database', 'dialects')) && !f.file.startsWith('cli'))
      .filter((f) => /dialect\s*===?\s*'(sqlite|postgres|mysql)'|dialect\s*!==?\s*'(sqlite|postgres|mysql)'/.test(readFileSync(path.join(SRC, f.file), 'utf8')))
      .map((f) => f.file);
    expect(offenders).toEqual([]);
  });
});
