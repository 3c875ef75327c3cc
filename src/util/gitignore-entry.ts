import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Makes sure `.gitignore` in `dir` ignores `folder` (a path relative to `dir`): creates the file,
 * or appends the entry, unless a line already ignores that folder (`.dihya`, `.dihya/`,
 * `/.dihya/`…). Returns what it did, so running it again changes nothing.
 *
 * @example
 * ensureGitignored('/project', '.dihya') // 'created' | 'appended' | 'present'
 */
export function ensureGitignored(dir: string, folder: string): 'created' | 'appended' | 'present' {
  const file = path.join(dir, '.gitignore');
  const entry = `/${folder.replace(/^\.\/|^\/|\/+$/g, '')}/`;
  const block = `# dihya-migrate's state: backups hold personal data, logs and audit stay local\n${entry}\n`;
  if (!existsSync(file)) {
    writeFileSync(file, block);
    return 'created';
  }
  const text = readFileSync(file, 'utf8');
  const bare = entry.slice(1, -1);
  const present = text.split(/\r?\n/).some((line) => [bare, `${bare}/`, `/${bare}`, `/${bare}/`, `${bare}/*`, `/${bare}/*`].includes(line.trim()));
  if (present) return 'present';
  writeFileSync(file, `${text}${text === '' || text.endsWith('\n') ? '' : '\n'}${block}`);
  return 'appended';
}
