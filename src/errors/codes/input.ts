import { input, runtime } from '../error-text.ts';

/**
 * Every kind of command-line mistake USAGE names, so its message can be given in each language
 * (the parser's own messages included): `usage` picks the text, `value`, `option`, `min` and
 * `suggestion` fill it. Without `usage`, `reason` is the message as given (API callers).
 */
export const USAGE_PROBLEMS = [
  'unknown-command',
  'unknown-option',
  'missing-argument',
  'option-needs-value',
  'too-many-arguments',
  'invalid-choice',
  'conflicting-options',
  'missing-option',
  'invalid-slug',
  'whole-number',
  'duration',
  'language',
  'abandon-restore-alone',
  'resolve-needs-version',
  'resolve-needs-outcome',
  'export-needs-out',
] as const;

/** One of {@link USAGE_PROBLEMS}. */
export type UsageProblem = (typeof USAGE_PROBLEMS)[number];

/** The details of a USAGE error. */
export interface UsageDetails {
  usage?: UsageProblem;
  reason?: string;
  /** What was typed (a command, an argument's name, a value). */
  value?: string;
  /** The option concerned, as written in the help (`--steps <n>`). */
  option?: string;
  /** The smallest whole number accepted (`whole-number`). */
  min?: number;
  /** The parser's guess at what was meant (`--steps` for `--step`). */
  suggestion?: string;
  /** The values allowed (`invalid-choice`). */
  choices?: string;
}

const USAGE_TEXT: Record<UsageProblem, (d: UsageDetails) => string> = {
  'unknown-command': (d) => `unknown command '${d.value}'`,
  'unknown-option': (d) => `unknown option '${d.option}'`,
  'missing-argument': (d) => `missing required argument '${d.value}'`,
  'option-needs-value': (d) => `option '${d.option}' needs a value`,
  'too-many-arguments': (d) => `too many arguments${d.value ? ` for '${d.value}'` : ''}`,
  'invalid-choice': (d) => `option '${d.option}' cannot be "${d.value}"${d.choices ? ` (allowed: ${d.choices})` : ''}`,
  'conflicting-options': (d) => `options '${d.option}' and '${d.value}' cannot be used together`,
  'missing-option': (d) => `required option '${d.option}' not given`,
  'invalid-slug': (d) => `"${d.value}" is not a valid migration slug: use lowercase letters, digits, _ and - (e.g. add_email)`,
  'whole-number': (d) => `${d.option} must be a whole number >= ${d.min ?? 0}, got "${d.value}"`,
  duration: (d) => `${d.option} must be a number followed by d, h, m or s (e.g. 30d), got "${d.value}"`,
  language: (d) => `--lang must be en or fr, got "${d.value}"`,
  'abandon-restore-alone': () => 'resolve --abandon-restore takes no version and no other option',
  'resolve-needs-version': () => 'resolve needs a version (or --abandon-restore)',
  'resolve-needs-outcome': () => 'resolve needs exactly one of --applied, --rolled-back or --undo',
  'export-needs-out': () => 'subject export needs --out <file.json>',
};

/**
 * The English message of a USAGE error.
 *
 * @example
 * usageMessage({ usage: 'unknown-option', option: '--bogus' }) // "unknown option '--bogus'"
 */
export function usageMessage(d: UsageDetails): string {
  const text = d.usage === undefined ? undefined : USAGE_TEXT[d.usage];
  const message = text ? text(d) : `${d.reason ?? 'invalid command line'}`;
  return d.suggestion ? `${message} (did you mean ${d.suggestion}?)` : message;
}

/** Errors about the command line, the config, the database URL and the connection. */
export const inputErrors = {
  USAGE: input<UsageDetails>(
    (d) => usageMessage(d),
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
  SQLITE_FILE_MISSING: input<{ url: string }>(
    (d) => `SQLite database ${d.url} does not exist`,
    () =>
      'Check the path (--url, DIHYA_URL or `url` in dihya.config.ts; a relative path starts from the project folder). Only `dihya-migrate up` creates a missing file; read-only commands never do.',
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
