import type { ColumnSnapshot, SchemaSnapshot } from '../database/schema-snapshot.ts';
import type { LintSubject } from '../lint/lint-subject.ts';
import { maskLiterals } from '../sql/mask-literals.ts';
import { bareName } from './mentions.ts';

/** A column a migration gives a type to: its table when known, its name, the type, the statement's line. */
export interface TypedColumn {
  table?: string;
  column: string;
  type: string;
  /** The type before, when the migration changes an existing column's type. */
  was?: string;
  line?: number;
}

const TYPE = String.raw`([a-z][a-z0-9_ ]*?(?:\(\s*\d+(?:\s*,\s*\d+)?\s*\))?)(?=\s*(?:,|\)|$|\s+(?:not|null|default|primary|unique|references|check|collate|generated|constraint|auto_increment|comment|first|after)\b))`;
const CREATE_TABLE = /^\s*create\s+table\s+(?:if\s+not\s+exists\s+)?[`"[]?([\w$.]+)[`"\]]?\s*\(([\s\S]*)\)[^)]*$/i;
const ALTER_TABLE = /^\s*alter\s+table\s+(?:if\s+exists\s+)?(?:only\s+)?[`"[]?([\w$.]+)[`"\]]?\s+([\s\S]*)$/i;
const COLUMN_DEF = new RegExp(String.raw`(?:^|,)\s*[\`"[]?([A-Za-z_][\w$]*)[\`"\]]?\s+${TYPE}`, 'gi');
const ALTER_ADD = new RegExp(
  String.raw`\b(?:add\s+(?:column\s+)?(?:if\s+not\s+exists\s+)?|modify\s+(?:column\s+)?|change\s+(?:column\s+)?[\`"]?[\w$]+[\`"]?\s+)[\`"[]?([A-Za-z_][\w$]*)[\`"\]]?\s+${TYPE}`,
  'gi',
);
const ALTER_TYPE = new RegExp(String.raw`\balter\s+(?:column\s+)?[\`"]?([A-Za-z_][\w$]*)[\`"]?\s+(?:set\s+data\s+)?type\s+${TYPE}`, 'gi');
const NOT_A_COLUMN = /^(constraint|primary|unique|foreign|check|key|index)$/i;

/**
 * The columns a migration gives a type to: from the schema predicted around it when `plan`/`lint`
 * could preview it (new columns, and existing ones whose type changes, with the type before), or
 * else from its statements (CREATE TABLE columns; ALTER TABLE ADD / MODIFY / CHANGE / ALTER COLUMN
 * … TYPE), literals masked.
 *
 * @example
 * typedColumns(subject) // [{ table: 'payments', column: 'amount', type: 'real', line: 2 }]
 */
export function typedColumns(subject: LintSubject): TypedColumn[] {
  if (subject.schemas) {
    // The line of the first statement naming the column (and its table), for the annotation.
    const word = (name: string) => new RegExp(`(^|[^\\w$])${name.replace(/[$]/g, '\\$')}([^\\w$]|$)`, 'i');
    return fromSchemas(subject.schemas.before, subject.schemas.after).map((c) => {
      const line = subject.statements.find((s) => word(c.column).test(s.sql) && (!c.table || word(c.table).test(s.sql)))?.line;
      return line === undefined ? c : { ...c, line };
    });
  }
  const found: TypedColumn[] = [];
  for (const statement of subject.statements) {
    const text = maskLiterals(statement.sql, subject.dialect).replace(/--[^\n]*/g, ' ');
    const at = statement.line === undefined ? {} : { line: statement.line };
    const created = CREATE_TABLE.exec(text);
    if (created) {
      for (const m of created[2]!.matchAll(COLUMN_DEF)) {
        if (NOT_A_COLUMN.test(m[1]!)) continue;
        found.push({ table: bareName(created[1]!), column: m[1]!, type: m[2]!.trim(), ...at });
      }
      continue;
    }
    const altered = ALTER_TABLE.exec(text);
    if (!altered) continue;
    const table = bareName(altered[1]!);
    for (const m of [...altered[2]!.matchAll(ALTER_ADD), ...altered[2]!.matchAll(ALTER_TYPE)]) {
      const column = m[1]!;
      if (NOT_A_COLUMN.test(column)) continue;
      const was = columnOf(subject.schema, table, column)?.type;
      found.push({ table, column, type: m[2]!.trim(), ...(was ? { was } : {}), ...at });
    }
  }
  return found;
}

function fromSchemas(before: SchemaSnapshot, after: SchemaSnapshot): TypedColumn[] {
  const found: TypedColumn[] = [];
  for (const [table, snapshot] of Object.entries(after.tables)) {
    for (const [column, is] of Object.entries(snapshot.columns)) {
      const was = before.tables[table]?.columns[column];
      if (was && was.type === is.type) continue;
      found.push({ table: bareName(table), column, type: is.type, ...(was ? { was: was.type } : {}) });
    }
  }
  return found;
}

function columnOf(schema: SchemaSnapshot, table: string, column: string): ColumnSnapshot | undefined {
  const found = Object.entries(schema.tables).find(([name]) => bareName(name) === table.toLowerCase());
  if (!found) return undefined;
  return Object.entries(found[1].columns).find(([name]) => name.toLowerCase() === column.toLowerCase())?.[1];
}
