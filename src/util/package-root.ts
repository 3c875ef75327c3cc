import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/**
 * This package's folder (the one with its package.json), found by walking up from this module:
 * the same from src/, dist/ and the bundled CLI (dist/cli-bundle/), whatever their depth.
 *
 * @example
 * path.join(packageRoot(), 'examples', 'demo') // '/…/node_modules/dihya-migrate/examples/demo'
 */
export function packageRoot(): string {
  if (root) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json')) || !existsSync(path.join(dir, 'bin', 'dihya-migrate.js'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`dihya-migrate: no package.json above ${fileURLToPath(import.meta.url)}`);
    dir = parent;
  }
  root = dir;
  return dir;
}
