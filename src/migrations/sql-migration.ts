import type { DialectName } from '../database/parse-url.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import { splitSqlStatements, SqlTextError, type SqlStatement } from '../sql/split-sql.ts';
import { cannotRunInTransaction, newEnumValueUses, transactionControl } from '../sql/statement-kinds.ts';
import { normalizeMigrationText } from './checksum.ts';
import type { MigrationContext, MigrationDefinition, MigrationStep } from './define-migration.ts';
import { validateDefinition } from './definition-schema.ts';
import { DIRECTIVE, readDirectives } from './sql-directives.ts';
import type { SqlPart, SqlParts } from './sql-parts.ts';

/**
 * Where an SQL migration comes from, for its errors.
 *
 * @example
 * const source: SqlMigrationSource = { name: '20260101000000_x', fileName: '20260101000000_x.sql', dialect: 'postgres', fallbackDescription: 'x' }
 */
export interface SqlMigrationSource {
  /** e.g. `20261127061249_add_phone`. */
  name: string;
  /** The file name shown with line numbers, e.g. `20261127061249_add_phone.sql`. */
  fileName: string;
  dialect: DialectName;
  /** Used when no `-- dihya:description` and no first comment line says what the migration does. */
  fallbackDescription: string;
}

/**
 * A statement of an SQL migration, with the line of the file its first code is on.
 *
 * @example
 * const statement: FileStatement = { sql: 'alter table t add c int', line: 4 }
 */
export type FileStatement = SqlStatement;

/**
 * An SQL migration read from its file: the definition to run, and each section's statements with their lines.
 *
 * @example
 * const m: SqlMigration = readSqlMigration(text, source)
 * m.up.map((s) => s.line) // [3, 5]
 */
export interface SqlMigration {
  definition: MigrationDefinition;
  up: FileStatement[];
  /** Undefined when the file has no (or an empty) `-- migrate:down` section. */
  down?: FileStatement[];
}

interface Section {
  kind: 'up' | 'down' | 'verify';
  body: string;
  transactional: boolean;
  /** Line of the `-- migrate:…` marker (0 for a script of another layout: its lines are the file's). */
  marker: number;
  /** The file its lines are counted in. */
  fileName: string;
  /** Drop a `BEGIN; … COMMIT;` (or `ROLLBACK;`) around the whole script. */
  unwrap?: boolean;
}

interface HeaderLine {
  text: string;
  line: number;
}

/** `-- dihya:transaction false` in a script's leading comments (other layouts have no section marker to carry it). */
const TRANSACTION_DIRECTIVE = /^--\s*dihya:transaction\s+(true|false)\s*$/;

const MARKER = /^--\s*migrate:(up|down)\b(.*)$/;
const OPTIONS: Record<string, boolean> = { 'transaction:false': false, 'transaction:true': true };

/**
 * Reads an SQL migration: `-- dihya:` directives in the header (checks, timeout, lint, sector,
 * author, purpose, approvedBy, description), then `-- migrate:up` and an optional
 * `-- migrate:down`, each with its own transaction mode (`transaction:false`). A section that
 * holds only comments is an intended no-op; an empty `up` is refused, an empty `down` counts as
 * none. In a section that runs in a transaction, statements the server refuses there, and
 * transaction control, are refused here with their line.
 *
 * @example
 * const m = readSqlMigration('-- migrate:up\nalter table t add c int;\n', { name: 'x', fileName: 'x.sql', dialect: 'postgres', fallbackDescription: 'x' })
 * m.up // [{ sql: 'alter table t add c int', line: 2 }]
 */
export function readSqlMigration(text: string, source: SqlMigrationSource): SqlMigration {
  const malformed = malformedFor(source);
  const { header, sections } = readSections(normalizeMigrationText(text), source.fileName, malformed);
  const up = sections.get('up');
  if (!up) throw malformed('no `-- migrate:up` line');
  if (up.body.trim() === '') {
    throw malformed(`the \`-- migrate:up\` section (line ${up.marker}) is empty: write its SQL, or a comment to make it an intended no-op`);
  }
  return buildMigration(header, up, sections.get('down'), undefined, source);
}

/**
 * Reads a migration of another tool's layout, whose scripts are separate files (see {@link SqlParts}):
 * the leading comments of the `up` script may hold the same `-- dihya:` directives as an own-layout
 * header, and each script's leading comments `-- dihya:transaction false` to run it outside a
 * transaction. An empty `up` script is a no-op (the other tools accept it); an empty `down` counts as none.
 *
 * @example
 * const m = readSqlParts({ up: { text: 'create table t (id int);', fileName: 'V1__t.sql' } }, { name: 'V1__t', fileName: 'V1__t.sql', dialect: 'postgres', fallbackDescription: 't' })
 * m.up // [{ sql: 'create table t (id int)', line: 1 }]
 */
export function readSqlParts(parts: SqlParts, source: SqlMigrationSource): SqlMigration {
  const malformed = malformedFor(source);
  const up = partSection('up', parts.up, malformed);
  const down = parts.down ? partSection('down', parts.down, malformed) : undefined;
  const verify = parts.verify ? partSection('verify', parts.verify, malformed) : undefined;
  return buildMigration(up.header, up.section, down?.section, verify?.section, source);
}

function malformedFor(source: SqlMigrationSource): (reason: string) => DihyaError {
  return (reason) => new DihyaError('MIGRATION_MALFORMED', { name: source.name, reason, kind: 'sql' });
}

function buildMigration(header: HeaderLine[], up: Section, down: Section | undefined, verify: Section | undefined, source: SqlMigrationSource): SqlMigration {
  const malformed = malformedFor(source);
  const upStatements = statementsOf(up, source, malformed);
  const downStatements = down && down.body.trim() !== '' ? statementsOf(down, source, malformed) : undefined;
  const verifyStatements = verify && verify.body.trim() !== '' ? statementsOf(verify, source, malformed) : undefined;
  const directives = readDirectives(header, source.name);
  const fields = {
    description: firstCommentLine(header) ?? source.fallbackDescription,
    ...directives.fields,
    transactional: up.transactional,
    up: runAll(upStatements),
    ...(down && downStatements ? { down: runAll(downStatements), downTransactional: down.transactional } : {}),
    ...(verifyStatements ? { verify: runAll(verifyStatements) } : {}),
  };
  const definition = validateDefinition(fields, { name: source.name, kind: 'sql', lineOf: directives.lineOf });
  return { definition, up: upStatements, ...(downStatements ? { down: downStatements } : {}) };
}

/** A script of another layout as a section starting at line 1 of its file, with the directives of its leading comments. */
function partSection(kind: Section['kind'], part: SqlPart, malformed: (reason: string) => DihyaError): { header: HeaderLine[]; section: Section } {
  const lines = normalizeMigrationText(part.text).split('\n');
  const header: HeaderLine[] = [];
  let transactional = part.transactional ?? true;
  let leading = true;
  let body = '';
  lines.forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    if (leading && trimmed !== '' && !trimmed.startsWith('--')) leading = false;
    const mode = TRANSACTION_DIRECTIVE.exec(trimmed);
    if (leading && mode) {
      transactional = mode[1] === 'true';
      body += '\n';
      return;
    }
    const directive = DIRECTIVE.exec(trimmed);
    if (directive && (!leading || kind !== 'up')) {
      throw malformed(`\`-- dihya:${directive[1]}\` at ${part.fileName}:${line}: directives go in the leading comments of the up script`);
    }
    if (leading) header.push({ text: trimmed, line });
    body += `${raw}\n`;
  });
  return { header, section: { kind, body, transactional, marker: 0, fileName: part.fileName, unwrap: part.unwrapTransaction === true } };
}

/**
 * Turns an SQL migration text into a migration definition (see {@link readSqlMigration}).
 *
 * @example
 * const def = parseSqlMigration('-- migrate:up\nalter table t add c int;\n-- migrate:down\nalter table t drop c;\n', 'x', 'postgres')
 */
export function parseSqlMigration(text: string, description: string, dialect: DialectName, name = 'migration'): MigrationDefinition {
  return readSqlMigration(text, { name, fileName: `${name}.sql`, dialect, fallbackDescription: description }).definition;
}

/**
 * Runs the statements one by one (a `COPY … FROM stdin` with its inline data streamed to the
 * server); a failure names the line of the file the statement starts on.
 */
function runAll(statements: FileStatement[]): MigrationStep {
  return async (ctx: MigrationContext) => {
    for (const statement of statements) {
      try {
        if (statement.copyData !== undefined) await ctx.copyFrom(statement.sql, statement.copyData);
        else await ctx.sql.raw(statement.sql).execute(ctx.db);
      } catch (error) {
        if (error instanceof Error) error.message = `statement at line ${statement.line}: ${error.message}`;
        throw error;
      }
    }
  };
}

/** A section's statements with their file lines, checked against its transaction mode. */
function statementsOf(section: Section, source: SqlMigrationSource, malformed: (reason: string) => DihyaError): FileStatement[] {
  let statements: SqlStatement[];
  try {
    statements = splitSqlStatements(section.body, source.dialect);
  } catch (error) {
    if (error instanceof SqlTextError)
      throw malformed(`${section.marker === 0 ? `${section.fileName}:` : 'line '}${section.marker + error.line}: ${error.message}`);
    throw error;
  }
  if (section.unwrap) statements = withoutTransactionWrapper(statements, source.dialect);
  const located = statements.map((s) => ({ sql: s.sql, line: section.marker + s.line, ...(s.copyData !== undefined ? { copyData: s.copyData } : {}) }));
  if (section.transactional) checkInTransaction(located, section, source);
  return located;
}

/** A script's statements without the `BEGIN` first and `COMMIT`/`ROLLBACK` last it wraps itself in, when it does. */
function withoutTransactionWrapper(statements: SqlStatement[], dialect: DialectName): SqlStatement[] {
  const first = statements[0];
  const last = statements.at(-1);
  if (statements.length < 2 || !first || !last) return statements;
  const opens = /^(BEGIN|START TRANSACTION)/i.test(transactionControl(first.sql, dialect) ?? '');
  const closes = /^(COMMIT|ROLLBACK|END)$/i.test(transactionControl(last.sql, dialect) ?? '');
  return opens && closes ? statements.slice(1, -1) : statements;
}

function checkInTransaction(statements: FileStatement[], section: Section, source: SqlMigrationSource): void {
  const where = { name: source.name, file: section.fileName, section: section.kind === 'verify' ? ('up' as const) : section.kind };
  // a script of another layout has no section marker: its hint names the directive it takes instead
  const script = section.marker === 0;
  for (const statement of statements) {
    const outside = cannotRunInTransaction(statement.sql, source.dialect);
    if (outside && script)
      throw new DihyaError('SCRIPT_NEEDS_NO_TRANSACTION', { name: source.name, file: section.fileName, line: statement.line, statement: outside });
    if (outside) throw new DihyaError('STATEMENT_NEEDS_NO_TRANSACTION', { ...where, line: statement.line, statement: outside });
    const control = transactionControl(statement.sql, source.dialect);
    if (control && script)
      throw new DihyaError('SCRIPT_TRANSACTION_CONTROL', { name: source.name, file: section.fileName, line: statement.line, statement: control });
    if (control) throw new DihyaError('TRANSACTION_CONTROL_IN_MIGRATION', { ...where, line: statement.line, statement: control });
  }
  const use = newEnumValueUses(statements, source.dialect)[0];
  if (use) throw new DihyaError('ENUM_VALUE_USED_TOO_EARLY', { ...where, line: use.usedAt, addedAt: use.addedAt, type: use.type, value: use.value });
}

/** The header lines (before `-- migrate:up`) and the sections; a section's body keeps its line count. */
function readSections(
  text: string,
  fileName: string,
  malformed: (reason: string) => DihyaError,
): { header: HeaderLine[]; sections: Map<'up' | 'down', Section> } {
  const sections = new Map<'up' | 'down', Section>();
  const header: { text: string; line: number }[] = [];
  let current: Section | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const trimmed = raw.trim();
    const marker = MARKER.exec(trimmed);
    if (marker) {
      const kind = marker[1] as 'up' | 'down';
      if (sections.has(kind)) throw malformed(`a second \`-- migrate:${kind}\` line at line ${line}`);
      if (kind === 'up' && sections.has('down')) throw malformed('`-- migrate:down` comes before `-- migrate:up`');
      let transactional = true;
      for (const option of marker[2]!.trim().split(/\s+/).filter(Boolean)) {
        if (!(option in OPTIONS)) throw malformed(`unknown option "${option}" at line ${line} (known: transaction:false, transaction:true)`);
        transactional = OPTIONS[option]!;
      }
      current = { kind, body: '', transactional, marker: line, fileName };
      sections.set(kind, current);
      return;
    }
    if (!current) {
      if (trimmed !== '' && !trimmed.startsWith('--')) throw malformed(`SQL at line ${line} comes before \`-- migrate:up\``);
      header.push({ text: trimmed, line });
      return;
    }
    const directive = DIRECTIVE.exec(trimmed);
    if (directive)
      throw malformed(`\`-- dihya:${directive[1]}\` at line ${line} is inside the ${current.kind} section: directives go before \`-- migrate:up\``);
    // keep one line per line, so statement lines map back to the file
    current.body += `${raw}\n`;
  });
  return { header, sections };
}

/** The description: the first header comment that is neither a marker nor a directive. */
function firstCommentLine(header: { text: string; line: number }[]): string | undefined {
  for (const { text } of header) {
    const match = /^--\s*(.*)$/.exec(text);
    const comment = match?.[1]?.trim();
    if (comment && !DIRECTIVE.test(text)) return comment;
  }
  return undefined;
}
