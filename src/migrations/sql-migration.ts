import type { DialectName } from '../database/parse-url.ts';
import type { MigrationContext, MigrationDefinition } from './define-migration.ts';
import { normalizeMigrationText } from './checksum.ts';
import { splitSqlStatements } from '../sql/split-sql.ts';

/** Says why an SQL migration text is malformed. */
export class SqlMigrationFormatError extends Error {}

interface Section {
  body: string;
  options: Set<string>;
  line: number;
}

const MARKER = /^--\s*migrate:(up|down)\b(.*)$/;
const KNOWN_OPTIONS = new Set(['transaction:false', 'transaction:true']);

/**
 * Turns an SQL migration (`-- migrate:up` then optional `-- migrate:down`) into a migration definition.
 * `-- migrate:up transaction:false` runs the up section outside a transaction.
 *
 * @example
 * const def = parseSqlMigration('-- migrate:up\nalter table t add c int;\n-- migrate:down\nalter table t drop c;\n', 'x', 'postgres')
 */
export function parseSqlMigration(text: string, description: string, dialect: DialectName): MigrationDefinition {
  const sections = readSections(normalizeMigrationText(text));
  const up = sections.get('up');
  if (!up) throw new SqlMigrationFormatError('no `-- migrate:up` line');
  const upStatements = splitSqlStatements(up.body, dialect);
  if (upStatements.length === 0) throw new SqlMigrationFormatError('the `-- migrate:up` section has no statement');
  const down = sections.get('down');
  const downStatements = down ? splitSqlStatements(down.body, dialect) : [];
  const runAll = (statements: typeof upStatements, offset: number) => async (ctx: MigrationContext) => {
    for (const statement of statements) {
      try {
        await ctx.sql.raw(statement.sql).execute(ctx.db);
      } catch (error) {
        const where = `statement at line ${offset + statement.line - 1}`;
        if (error instanceof Error) error.message = `${where}: ${error.message}`;
        throw error;
      }
    }
  };
  return {
    description,
    transactional: !up.options.has('transaction:false'),
    up: runAll(upStatements, up.line),
    ...(down && downStatements.length > 0 ? { down: runAll(downStatements, down.line) } : {}),
  };
}

function readSections(text: string): Map<'up' | 'down', Section> {
  const sections = new Map<'up' | 'down', Section>();
  let current: Section | undefined;
  const lines = text.split('\n');
  lines.forEach((line, index) => {
    const marker = MARKER.exec(line.trim());
    if (marker) {
      const kind = marker[1] as 'up' | 'down';
      if (sections.has(kind)) throw new SqlMigrationFormatError(`a second \`-- migrate:${kind}\` line at line ${index + 1}`);
      if (kind === 'up' && sections.has('down')) throw new SqlMigrationFormatError('`-- migrate:down` comes before `-- migrate:up`');
      const options = new Set(marker[2]!.trim().split(/\s+/).filter(Boolean));
      for (const option of options) {
        if (!KNOWN_OPTIONS.has(option)) throw new SqlMigrationFormatError(`unknown option "${option}" at line ${index + 1} (known: transaction:false)`);
      }
      current = { body: '', options, line: index + 2 };
      sections.set(kind, current);
      return;
    }
    if (!current) {
      const code = line.replace(/--.*$/, '').trim();
      if (code !== '') throw new SqlMigrationFormatError(`SQL at line ${index + 1} comes before \`-- migrate:up\``);
      return;
    }
    current.body += `${line}\n`;
  });
  return sections;
}
