import { input, runtime } from '../error-text.ts';

/** Errors about the command line, the config, the database URL and the connection. */
export const inputErrors = {
  USAGE: input<{ reason: string }>(
    (d) => `${d.reason}`,
    () => 'Run `dihya-migrate --help` to see the commands and their options.',
  ),
  CONFIG_NOT_FOUND: input<{ file: string }>(
    (d) => `Config file not found: ${d.file}`,
    () => 'Check the --config path, or run `dihya-migrate init` to create dihya.config.ts.',
  ),
  CONFIG_LOAD_FAILED: input<{ file: string; reason: string }>(
    (d) => `Could not load config file ${d.file}: ${d.reason}`,
    () => 'Fix the syntax error in the config file; it must export a default object (use defineConfig).',
  ),
  CONFIG_INVALID: input<{ source: string; reason: string }>(
    (d) => `Invalid config (${d.source}): ${d.reason}`,
    () => 'See the README section "Configuration" for every key and its type.',
  ),
  CONFIG_EXISTS: input<{ file: string }>(
    (d) => `${d.file} already exists; init does not overwrite it`,
    () => 'Edit the existing config, or delete it first if you really want a fresh one.',
  ),
  URL_MISSING: input(
    () => 'No database URL given',
    () => 'Pass --url, set DIHYA_URL, or set `url` in dihya.config.ts (sqlite:./app.db, postgres://user@host/db, mysql://user@host/db).',
  ),
  URL_INVALID: input<{ url: string; reason: string }>(
    (d) => `Invalid database URL ${d.url}: ${d.reason}`,
    () => 'Use sqlite:./file.db, postgres://user:password@host:5432/db or mysql://user:password@host:3306/db.',
  ),
  URL_UNSUPPORTED: input<{ scheme: string; url: string }>(
    (d) => `Unsupported database URL scheme "${d.scheme}" in ${d.url}`,
    () => 'Supported schemes: sqlite:, postgres:// (or postgresql://), mysql:// (or mariadb://).',
  ),
  CONNECTION_FAILED: runtime<{ url: string; reason: string }>(
    (d) => `Could not connect to ${d.url}: ${d.reason}`,
    () => 'Is the server running and reachable? Check host, port, user, password and database name.',
  ),
  FILE_EXISTS: input<{ file: string }>(
    (d) => `${d.file} already exists`,
    () => 'Choose another name.',
  ),
  NODE_TOO_OLD: input<{ version: string }>(
    (d) => `dihya-migrate needs Node.js >= 22.12, this is ${d.version}`,
    () => 'Run it through `npx dihya-migrate` inside the project (it brings Node 24), or upgrade Node.js.',
  ),
};
