import { chmodSync, closeSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Mode of every file under the state dir: its owner only reads and writes it. */
export const PRIVATE_FILE_MODE = 0o600;
/** Mode of every folder under the state dir. */
export const PRIVATE_FOLDER_MODE = 0o700;

/**
 * Creates `dir` and its missing parents 0700, and sets `dir` itself to 0700 when it existed with
 * another mode (a folder an older version or another tool created 0755).
 *
 * @example
 * privateFolder('/project/.dihya/logs')
 */
export function privateFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_FOLDER_MODE });
  if ((lstatSync(dir).mode & 0o777) !== PRIVATE_FOLDER_MODE) chmodSync(dir, PRIVATE_FOLDER_MODE);
}

/**
 * Creates `file` empty (0600) in a private folder unless it exists, and sets it to 0600 when it
 * existed with another mode: for files another library opens and appends to (the run log).
 *
 * @example
 * privateFile('/project/.dihya/logs/dihya.log')
 */
export function privateFile(file: string): void {
  privateFolder(path.dirname(file));
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  if ((lstatSync(file).mode & 0o777) !== PRIVATE_FILE_MODE) chmodSync(file, PRIVATE_FILE_MODE);
}

/**
 * Sets every file under `dir` to 0600 and every folder (`dir` included) to 0700: for what a
 * client tool (pg_dump, mariadb-dump) or a library wrote with its own modes. Symbolic links are
 * left alone.
 *
 * @example
 * makeTreePrivate('/project/.dihya/backups/pg-shop-1a2b3c4d/20261127T061249000Z-run-3f9a')
 */
export function makeTreePrivate(dir: string): void {
  const stat = lstatSync(dir);
  if (stat.isSymbolicLink()) return;
  const want = stat.isDirectory() ? PRIVATE_FOLDER_MODE : PRIVATE_FILE_MODE;
  if ((stat.mode & 0o777) !== want) chmodSync(dir, want);
  if (stat.isDirectory()) for (const name of readdirSync(dir)) makeTreePrivate(path.join(dir, name));
}
