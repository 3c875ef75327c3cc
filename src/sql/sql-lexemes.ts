import type { SqlSyntax } from './sql-syntax.ts';

/**
 * A comment or a quoted piece (string, quoted identifier, dollar quote) found in SQL text.
 *
 * @example
 * const lexeme: Lexeme = { kind: 'comment', end: 12, block: true }
 */
export interface Lexeme {
  kind: 'comment' | 'quoted';
  /** Index just past it (the end of the text when it is not closed). */
  end: number;
  /** True for a block comment (`/* … *\/`), false for a line comment. */
  block?: boolean;
}

const DOLLAR_TAG = /\$(?:[A-Za-z_\u0080-\uffff][\w\u0080-\uffff]*)?\$/y;

/**
 * True for a character that can be part of an identifier or a number (letters, digits, `_`, `$`,
 * anything beyond ASCII).
 *
 * @example
 * isWordChar('a') // true
 * isWordChar(';') // false
 */
export function isWordChar(ch: string | undefined): boolean {
  if (ch === undefined) return false;
  const c = ch.charCodeAt(0);
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c >= 128;
}

/**
 * The comment or quoted piece that starts at `i`, as the dialect's own client reads it, or
 * undefined when `i` starts ordinary code. `codeSoFar` says whether the statement already has
 * code: the mysql client takes `--` at the start of a statement as a comment even without a space.
 * MySQL executable comments (`/*! … *\/`) are code, not comments: undefined.
 *
 * @example
 * lexemeAt("'a;b' x", 0, sqlSyntax('postgres'), false) // { kind: 'quoted', end: 5 }
 * lexemeAt('5--1', 1, sqlSyntax('mysql'), true)        // undefined (MySQL: 5 - -1)
 */
export function lexemeAt(text: string, i: number, syntax: SqlSyntax, codeSoFar: boolean): Lexeme | undefined {
  const ch = text[i];
  const next = text[i + 1];
  switch (ch) {
    case '-':
      if (next !== '-') return undefined;
      if (syntax.dashCommentNeedsSpace && codeSoFar) {
        const after = text[i + 2];
        if (after !== undefined && !isSpaceOrControl(after)) return undefined;
      }
      return { kind: 'comment', end: endOfLine(text, i) };
    case '#':
      return syntax.hashComments ? { kind: 'comment', end: endOfLine(text, i) } : undefined;
    case '/':
      if (next !== '*') return undefined;
      if (syntax.executableComments && (text[i + 2] === '!' || (text[i + 2] === 'M' && text[i + 3] === '!'))) return undefined;
      return { kind: 'comment', block: true, end: syntax.nestedBlockComments ? endOfNestedComment(text, i) : endOfBlockComment(text, i) };
    case "'": {
      const escapes =
        syntax.backslashEscapes === 'always' || (syntax.backslashEscapes === 'e-strings' && /[eE]/.test(text[i - 1] ?? '') && !isWordChar(text[i - 2]));
      return { kind: 'quoted', end: endOfQuoted(text, i, "'", escapes) };
    }
    case '"':
      return { kind: 'quoted', end: endOfQuoted(text, i, '"', syntax.doubleQuotedStrings && syntax.backslashEscapes === 'always') };
    case '`':
      return syntax.backtickIdentifiers ? { kind: 'quoted', end: endOfQuoted(text, i, '`', false) } : undefined;
    case '[':
      if (!syntax.bracketIdentifiers) return undefined;
      return { kind: 'quoted', end: endOf(text, ']', i + 1) };
    case '$': {
      if (!syntax.dollarQuotes || isWordChar(text[i - 1])) return undefined;
      DOLLAR_TAG.lastIndex = i;
      const tag = DOLLAR_TAG.exec(text)?.[0];
      if (!tag) return undefined;
      return { kind: 'quoted', end: endOf(text, tag, i + tag.length) };
    }
    default:
      return undefined;
  }
}

/**
 * The index of the first code in `sql`: past the whitespace and comments before it (MySQL
 * executable comments are code).
 *
 * @example
 * leadingCodeOffset('-- note\n# more\nselect 1', sqlSyntax('mysql')) // 15
 */
export function leadingCodeOffset(sql: string, syntax: SqlSyntax): number {
  let i = 0;
  while (i < sql.length) {
    if (/\s/.test(sql[i]!)) {
      i++;
      continue;
    }
    const lexeme = lexemeAt(sql, i, syntax, false);
    if (lexeme?.kind !== 'comment') return i;
    i = lexeme.end;
  }
  return i;
}

/** Whitespace or a control character: what must follow `--` for MySQL to read a comment. */
function isSpaceOrControl(ch: string): boolean {
  const c = ch.charCodeAt(0);
  return c <= 32 || c === 127 || /\s/.test(ch);
}

function endOfLine(text: string, i: number): number {
  const end = text.indexOf('\n', i);
  return end === -1 ? text.length : end;
}

function endOf(text: string, closing: string, from: number): number {
  const end = text.indexOf(closing, from);
  return end === -1 ? text.length : end + closing.length;
}

function endOfBlockComment(text: string, i: number): number {
  return endOf(text, '*/', i + 2);
}

/** PostgreSQL: `/*` inside a block comment opens a nested one. */
function endOfNestedComment(text: string, i: number): number {
  const marks = /\/\*|\*\//g;
  marks.lastIndex = i + 2;
  let depth = 1;
  for (let m = marks.exec(text); m; m = marks.exec(text)) {
    depth += m[0] === '/*' ? 1 : -1;
    if (depth === 0) return m.index + 2;
  }
  return text.length;
}

const STOPS: Record<string, RegExp> = {};

/** Past the closing quote; a doubled quote stays inside, and so does an escaped one where backslashes escape. */
function endOfQuoted(text: string, start: number, quote: string, backslashEscapes: boolean): number {
  const key = `${quote}${backslashEscapes ? '\\' : ''}`;
  const stops = (STOPS[key] ??= new RegExp(backslashEscapes ? `[${quote}\\\\]` : quote, 'g'));
  stops.lastIndex = start + 1;
  for (let m = stops.exec(text); m; m = stops.exec(text)) {
    const at = m.index;
    if (m[0] === '\\') {
      stops.lastIndex = at + 2;
      continue;
    }
    if (text[at + 1] === quote) {
      stops.lastIndex = at + 2;
      continue;
    }
    return at + 1;
  }
  return text.length;
}
