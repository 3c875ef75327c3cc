import type { DialectName } from '../database/parse-url.ts';
import { DihyaError } from '../errors/dihya-error.ts';
import { splitSqlStatements, SqlTextError, type SqlStatement } from '../sql/split-sql.ts';
import { cannotRunInTransaction, newEnumValueUses, transactionControl } from '../sql/statement-kinds.ts';
import { normalizeMigrationText } from './checksum.ts';
import type { MigrationContext, MigrationDefinition, MigrationStep } from './define-migration.ts';
import { validateDefinition } from './definition-schema.ts';
import { DIRECTIVE, readDirectives } from './sql-directives.ts';

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
  kind: 'up' | 'down';
  body: string;
  transactional: boolean;
  /** Line of the `-- migrate:…` marker. */
  marker: number;
}

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
  const malformed = (reason: string) => new DihyaError('MIGRATION_MALFORMED', { name: source.name, reason, kind: 'sql' });
  const { header, sections } = readSections(normalizeMigrationText(text), malformed);
  const up = sections.get('up');
  if (!up) throw malformed('no `-- migrate:up` line');
  const upStatements = statementsOf(up, source, malformed);
  if (upStatements.length === 0 && up.body.trim() === '') {
    throw malformed(`the \`-- migrate:up\` section (line ${up.marker}) is empty: write its SQL, or a comment to make it an intended no-op`);
  }
  const down = sections.get('down');
  const downStatements = down && down.body.trim() !== '' ? statementsOf(down, source, malformed) : undefined;
  const directives = readDirectives(header, source.name);
  const fields = {
    description: firstCommentLine(header) ?? source.fallbackDescription,
    ...directives.fields,
    transactional: up.transactional,
    up: runAll(upStatements),
    ...(down && downStatements ? { down: runAll(downStatements), downTransactional: down.transactional } : {}),
  };
  const definition = validateDefinition(fields, { name: source.name, kind: 'sql', lineOf: directives.lineOf });
  return { definition, up: upStatements, ...(downStatements ? { down: downStatements } : {}) };
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

/** Runs the statements one by one; a failure names the line of the file the statement starts on. */
function runAll(statements: FileStatement[]): MigrationStep {
  return async (ctx: MigrationContext) => {
    for (const statement of statements) {
      try {
        await ctx.sql.raw(statement.sql).execute(ctx.db);
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
    if (error instanceof SqlTextError) throw malformed(`line ${section.marker + error.line}: ${error.message}`);
    throw error;
  }
  const located = statements.map((s) => ({ sql: s.sql, line: section.marker + s.line }));
  if (section.transactional) checkInTransaction(located, section.kind, source);
  return located;
}

function checkInTransaction(statements: FileStatement[], section: 'up' | 'down', source: SqlMigrationSource): void {
  const where = { name: source.name, file: source.fileName, section };
  for (const statement of statements) {
    const outside = cannotRunInTransaction(statement.sql, source.dialect);
    if (outside) throw new DihyaError('STATEMENT_NEEDS_NO_TRANSACTION', { ...where, line: statement.line, statement: outside });
    const control = transactionControl(statement.sql, source.dialect);
    if (control) throw new DihyaError('TRANSACTION_CONTROL_IN_MIGRATION', { ...where, line: statement.line, statement: control });
  }
  const use = newEnumValueUses(statements, source.dialect)[0];
  if (use) throw new DihyaError('ENUM_VALUE_USED_TOO_EARLY', { ...where, line: use.usedAt, addedAt: use.addedAt, type: use.type, value: use.value });
}

/** The header lines (before `-- migrate:up`) and the sections; a section's body keeps its line count. */
function readSections(
  text: string,
  malformed: (reason: string) => DihyaError,
): { header: { text: string; line: number }[]; sections: Map<'up' | 'down', Section> } {
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
      current = { kind, body: '', transactional, marker: line };
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
