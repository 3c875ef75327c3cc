import type { DialectName } from './dialect-name.ts';
import { sqlSyntax } from './sql-syntax.ts';

/** One statement of an SQL text, with the line it starts on (1-based). */
export interface SqlStatement {
  sql: string;
  line: number;
}

const ROUTINE_HEAD = /^\s*create\b[\s\S]*?\b(trigger|function|procedure|event)\b/i;
const END_OF_CONTROL = /^(if|loop|while|repeat)\b/i;

/**
 * Splits SQL text into statements on `;`, skipping semicolons inside quotes, identifiers,
 * comments, Postgres dollar quotes and `BEGIN … END` bodies of triggers and routines.
 * A `DELIMITER xx` line (as in the mysql client) changes the terminator. On MySQL/MariaDB,
 * executable comments (`/*!40101 SET NAMES utf8mb4 *\/`, `/*M!100101 … *\/`, as mysqldump writes
 * them) are kept whole and count as code, not as comments: the server runs them.
 *
 * @example
 * splitSqlStatements("create table t (a int);\ninsert into t values (1);", 'sqlite')
 * // [{ sql: 'create table t (a int)', line: 1 }, { sql: 'insert into t values (1)', line: 2 }]
 */
export function splitSqlStatements(text: string, dialect: DialectName): SqlStatement[] {
  const statements: SqlStatement[] = [];
  let delimiter = ';';
  let current = '';
  // Whether `current` is only whitespace so far (cheaper than trimming it at every line start).
  let blank = true;
  let startLine = 1;
  let line = 1;
  let depth = 0;
  let i = 0;

  const flush = () => {
    const trimmed = current.trim();
    if (trimmed !== '' && !isOnlyComments(trimmed, dialect)) statements.push({ sql: trimmed, line: startLine + leadingNewlines(current) });
    current = '';
    blank = true;
    depth = 0;
    startLine = line;
  };

  const directivePattern = /[ \t]*delimiter[ \t]+(\S+)[ \t]*(\r?\n|$)/iy;
  const wordPattern = /[a-z_][\w$]*/iy;
  while (i < text.length) {
    const atLineStart = i === 0 || text[i - 1] === '\n';
    if (atLineStart && blank) {
      directivePattern.lastIndex = i;
      const directive = directivePattern.exec(text);
      if (directive) {
        delimiter = directive[1]!;
        i += directive[0].length;
        line += directive[2] ? 1 : 0;
        current = '';
        blank = true;
        startLine = line;
        continue;
      }
    }
    const ch = text[i]!;
    const skipped = skipQuotedOrComment(text, i, dialect);
    if (skipped > i) {
      const piece = text.slice(i, skipped);
      current += piece;
      blank = false;
      line += countNewlines(piece);
      i = skipped;
      continue;
    }
    if (depth === 0 && text.startsWith(delimiter, i)) {
      i += delimiter.length;
      flush();
      continue;
    }
    if (/[a-z_]/i.test(ch) && (i === 0 || !/[\w$]/.test(text[i - 1]!))) {
      wordPattern.lastIndex = i;
      const word = wordPattern.exec(text)![0];
      depth = nextDepth(depth, word, text.slice(i + word.length, i + word.length + 16), current, delimiter);
      current += word;
      blank = false;
      i += word.length;
      continue;
    }
    if (ch === '\n') line++;
    if (blank && !/\s/.test(ch)) blank = false;
    current += ch;
    i++;
  }
  flush();
  return statements;
}

/** Tracks BEGIN … END nesting, only inside CREATE TRIGGER/FUNCTION/PROCEDURE/EVENT with ';' as terminator. */
function nextDepth(depth: number, word: string, after: string, current: string, delimiter: string): number {
  const upper = word.toUpperCase();
  if (upper !== 'BEGIN' && upper !== 'CASE' && upper !== 'END') return depth;
  if (delimiter !== ';' || !ROUTINE_HEAD.test(stripLeadingComments(current))) return depth;
  if (upper === 'END') return depth > 0 && !END_OF_CONTROL.test(after.trimStart()) ? depth - 1 : depth;
  return depth + 1;
}

/** The SQL text without the comments and blank space before its first keyword. */
export function stripLeadingComments(sql: string): string {
  return sql.replace(/^(\s|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/, '');
}

/** If a quote, identifier, comment or dollar quote starts at `i`, returns the index just past it; else `i`. */
function skipQuotedOrComment(text: string, i: number, dialect: DialectName): number {
  const ch = text[i]!;
  const next = text[i + 1];
  if (ch === '-' && next === '-') return endOfLine(text, i);
  const syntax = sqlSyntax(dialect);
  if (ch === '#' && syntax.hashComments) return endOfLine(text, i);
  if (ch === '/' && next === '*') {
    const end = text.indexOf('*/', i + 2);
    return end === -1 ? text.length : end + 2;
  }
  if (ch === "'") {
    const backslashEscapes = syntax.backslashEscapes === 'always' || (syntax.backslashEscapes === 'e-strings' && /[eE]/.test(text[i - 1] ?? ''));
    return endOfQuoted(text, i, "'", backslashEscapes);
  }
  if (ch === '"') return endOfQuoted(text, i, '"', syntax.doubleQuotedStrings);
  if (ch === '`') return endOfQuoted(text, i, '`', false);
  if (ch === '$' && syntax.dollarQuotes) {
    const tag = /^\$([a-zA-Z_]\w*)?\$/.exec(text.slice(i, i + 64));
    if (tag && !/[\w$]/.test(text[i - 1] ?? '')) {
      const end = text.indexOf(tag[0], i + tag[0].length);
      return end === -1 ? text.length : end + tag[0].length;
    }
  }
  return i;
}

function endOfLine(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end === -1 ? text.length : end;
}

function endOfQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i];
    if (backslashEscapes && ch === '\\') {
      i += 2;
      continue;
    }
    if (ch === quote) {
      if (text[i + 1] === quote) {
        i += 2;
        continue;
      }
      return i + 1;
    }
    i++;
  }
  return text.length;
}

function countNewlines(s: string): number {
  let n = 0;
  for (const ch of s) if (ch === '\n') n++;
  return n;
}

function leadingNewlines(s: string): number {
  const match = /^\s*/.exec(s)![0];
  return countNewlines(match);
}

function isOnlyComments(sql: string, dialect: DialectName): boolean {
  // On MySQL, /*! … */ and /*M! … */ are executable comments: code for the server.
  const comment = sqlSyntax(dialect).executableComments ? /\/\*(?!M?!)[\s\S]*?\*\//g : /\/\*[\s\S]*?\*\//g;
  return (
    sql
      .replace(/--[^\n]*/g, '')
      .replace(comment, '')
      .trim() === ''
  );
}
