import type { DialectName } from './dialect-name.ts';
import { isWordChar, leadingCodeOffset, lexemeAt } from './sql-lexemes.ts';
import { StatementBody } from './statement-body.ts';
import { sqlSyntax, type SqlSyntax } from './sql-syntax.ts';

/**
 * One statement of an SQL text, with the line its first code is on (1-based).
 *
 * @example
 * const statement: SqlStatement = { sql: 'select 1', line: 3 }
 */
export interface SqlStatement {
  sql: string;
  line: number;
  /**
   * PostgreSQL `COPY … FROM stdin`: the data lines that follow it in the file, up to the `\.`
   * line (as pg_dump writes them; each line ends with a newline). The runner streams them to the server.
   */
  copyData?: string;
}

/**
 * SQL text the splitter cannot read, as the dialect's own client would refuse it (a `DELIMITER`
 * line without a delimiter, say), with the line it is on.
 *
 * @example
 * try { splitSqlStatements('DELIMITER\nselect 1', 'mysql') } catch (e) { if (e instanceof SqlTextError) e.line } // 1
 */
export class SqlTextError extends Error {
  readonly line: number;

  constructor(message: string, line: number) {
    super(message);
    this.name = 'SqlTextError';
    this.line = line;
  }
}

const WORD_RUN = /[\w$\u0080-\uffff]+/y;
const SPACE_RUN = /[ \t\r\n\f\v]+/y;
const DELIMITER_LINE = /delimiter(?:[ \t]+([^\n]*))?[ \t\r]*(\n|$)/iy;

/**
 * Splits SQL text into statements the way the dialect's own client does — psql, the
 * mysql/mariadb client, sqlite3 — so a file runs here as it runs there:
 * - `;` ends a statement outside strings, quoted identifiers, comments (nested on PostgreSQL,
 *   `#` and `-- ` on MySQL, where `5--1` is no comment) and dollar quotes;
 * - PostgreSQL: not inside parentheses (`CREATE RULE … DO ALSO (…; …)`), nor inside a
 *   `BEGIN ATOMIC … END` function body;
 * - MySQL/MariaDB: `DELIMITER xx` lines change the terminator (at a line start, before any code
 *   of the statement: comments may come first); executable comments (`/*!40101 … *\/`) are
 *   read as code, as the client does. Beyond the client, routines written with `;` (BEGIN …
 *   END, with CASE, IF, LOOP, WHILE, REPEAT, FOR blocks) and `BEGIN NOT ATOMIC` blocks stay whole;
 * - SQLite: a trigger body ends at `; END;` (sqlite3_complete).
 * - PostgreSQL `COPY … FROM stdin;`: the lines after it, up to a `\.` line, are its data (as psql
 *   reads a pg_dump file), returned as the statement's `copyData`; pg_dump's `\restrict` and
 *   `\unrestrict` lines are skipped, any other psql meta-command is refused (SqlTextError).
 * Each statement comes without the comments before it (a block comment stays on PostgreSQL
 * and SQLite: hints live there) and with the line of its first code. Runs in linear time: each
 * step reads one token (a word, a quoted piece, a comment, a run of spaces, a character) and moves
 * past it; `stats.steps`, when given, receives how many steps it took (for tests and benchmarks).
 *
 * @example
 * splitSqlStatements("create table t (a int);\n-- seed\ninsert into t values (1);", 'sqlite')
 * // [{ sql: 'create table t (a int)', line: 1 }, { sql: 'insert into t values (1)', line: 3 }]
 */
export function splitSqlStatements(text: string, dialect: DialectName, stats?: { steps: number }): SqlStatement[] {
  const splitter = new Splitter(text, sqlSyntax(dialect));
  const statements = splitter.split();
  if (stats) stats.steps = splitter.steps;
  return statements;
}

/**
 * The SQL text without the comments and blank space before its first code. With a dialect, its
 * own comment syntax is used (`#` and executable comments on MySQL, nested comments on PostgreSQL).
 *
 * @example
 * stripLeadingComments('-- add it\nalter table t add c int') // 'alter table t add c int'
 * stripLeadingComments('# note\ncommit', 'mysql')            // 'commit'
 */
export function stripLeadingComments(sql: string, dialect?: DialectName): string {
  if (dialect) return sql.slice(leadingCodeOffset(sql, sqlSyntax(dialect)));
  return sql.replace(/^(\s|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/, '');
}

interface Piece {
  start: number;
  end: number;
  code: number;
  copyData?: string;
}

/** `COPY table [(columns)] FROM stdin …` (psql then reads data lines). */
const COPY_FROM_STDIN = /^copy\s[\s\S]*?\bfrom\s+stdin\b/i;
/** The line that ends inline COPY data. */
const COPY_END = /^\\\.\r?$/gm;

class Splitter {
  readonly #text: string;
  readonly #syntax: SqlSyntax;
  readonly #pieces: Piece[] = [];
  #delimiter = ';';
  #i = 0;
  // the statement being read
  #start = -1;
  #code = -1;
  #parens = 0;
  #body: StatementBody;
  /** Iterations of the main loop: one per token read. */
  steps = 0;

  constructor(text: string, syntax: SqlSyntax) {
    this.#text = text;
    this.#syntax = syntax;
    this.#body = new StatementBody(syntax.bodies);
  }

  split(): SqlStatement[] {
    const text = this.#text;
    const syntax = this.#syntax;
    while (this.#i < text.length) {
      this.steps++;
      const i = this.#i;
      if (syntax.psqlMetaCommands && this.#code < 0 && text.charCodeAt(i) === 92 && this.#atLineStart(i)) {
        this.#metaCommand();
        continue;
      }
      if (syntax.delimiterCommand && this.#code < 0 && (text.charCodeAt(i) | 32) === 100 && this.#atLineStart(i) && this.#delimiterLine()) continue;
      if (text.startsWith(this.#delimiter, i)) {
        // held inside parentheses or a body, it is part of the statement
        if (this.#insideStatement()) {
          this.#markCode(i);
          this.#i = i + this.#delimiter.length;
        } else {
          this.#finish(i);
          this.#i = i + this.#delimiter.length;
          if (this.#syntax.inlineCopyData) this.#copyData();
        }
        continue;
      }
      const lexeme = lexemeAt(text, i, syntax, this.#code >= 0);
      if (lexeme) {
        if (lexeme.kind === 'quoted') {
          this.#markCode(i);
          this.#body.other();
        } else if (this.#start < 0 && lexeme.block && syntax.keepsLeadingBlockComments) this.#start = i;
        this.#i = lexeme.end;
        continue;
      }
      SPACE_RUN.lastIndex = i;
      if (SPACE_RUN.test(text)) {
        this.#i = SPACE_RUN.lastIndex;
        continue;
      }
      this.#markCode(i);
      WORD_RUN.lastIndex = i;
      const run = WORD_RUN.exec(text)?.[0];
      if (run) {
        this.#word(i, run);
        continue;
      }
      const ch = text[i]!;
      if (syntax.parenthesesHoldTerminator) {
        if (ch === '(') this.#parens++;
        else if (ch === ')' && this.#parens > 0) this.#parens--;
      }
      this.#body.other();
      this.#i = i + 1;
    }
    this.#finish(text.length);
    return this.#statements();
  }

  /** A `;` (or the delimiter) at this point: inside parentheses (psql) or a body, it does not end the statement. */
  #insideStatement(): boolean {
    if (this.#delimiter !== ';') return false;
    if (this.#syntax.parenthesesHoldTerminator && this.#parens > 0) return true;
    return this.#body.holdsTerminator();
  }

  /** A run of word characters: a keyword, an identifier or a number. A delimiter made of letters may end it. */
  #word(i: number, run: string): void {
    let word = run;
    if (this.#delimiter !== ';' && isWordChar(this.#delimiter[0])) {
      // the client finds its delimiter anywhere, inside a word too (never at its start: checked before)
      const at = run.indexOf(this.#delimiter);
      if (at > 0) word = run.slice(0, at);
    }
    const first = word.charCodeAt(0);
    if (first < 48 || first > 57) this.#body.word(word.toLowerCase(), this.#parens);
    else this.#body.other();
    this.#i = i + word.length;
  }

  /** Only spaces or tabs between the line start and `i`. */
  #atLineStart(i: number): boolean {
    let j = i - 1;
    while (j >= 0 && (this.#text[j] === ' ' || this.#text[j] === '\t')) j--;
    return j < 0 || this.#text[j] === '\n';
  }

  /** `DELIMITER xx` (mysql client): only at a line start and before any code of the statement. */
  #delimiterLine(): boolean {
    DELIMITER_LINE.lastIndex = this.#i;
    const match = DELIMITER_LINE.exec(this.#text);
    if (!match) return false;
    const delimiter = delimiterArgument(match[1] ?? '');
    if (delimiter === '') throw new SqlTextError("DELIMITER must be followed by a 'delimiter' character or string", this.#lineAt(this.#i));
    if (delimiter.includes('\\')) throw new SqlTextError('DELIMITER cannot contain a backslash character', this.#lineAt(this.#i));
    this.#delimiter = delimiter;
    // comments before it belong to no statement (the client drops them)
    this.#start = -1;
    this.#i = DELIMITER_LINE.lastIndex;
    return true;
  }

  /**
   * A psql meta-command line before any code of a statement: `\restrict` / `\unrestrict` (which
   * pg_dump writes around a dump, with no effect on the server) are skipped; any other is refused,
   * as it is not SQL (`\connect`, `\i`, `\set`…).
   */
  #metaCommand(): void {
    const text = this.#text;
    const newline = text.indexOf('\n', this.#i);
    const end = newline === -1 ? text.length : newline;
    const command = /^\\([a-z]*)/i.exec(text.slice(this.#i, end))?.[1] ?? '';
    if (command !== 'restrict' && command !== 'unrestrict') {
      throw new SqlTextError(
        `\\${command} is a psql meta-command, not SQL: only \\restrict and \\unrestrict (written by pg_dump) are skipped`,
        this.#lineAt(this.#i),
      );
    }
    this.#start = -1;
    this.#i = end;
  }

  /** After a `COPY … FROM stdin;`, takes the data lines up to `\.` as the statement's data (psql). */
  #copyData(): void {
    const piece = this.#pieces.at(-1);
    if (!piece || piece.end !== this.#i - this.#delimiter.length) return;
    const text = this.#text;
    if ((text.charCodeAt(piece.code) | 32) !== 99 || !COPY_FROM_STDIN.test(text.slice(piece.code, piece.end))) return;
    // the data starts on the next line
    const newline = text.indexOf('\n', this.#i);
    const from = newline === -1 ? text.length : newline + 1;
    COPY_END.lastIndex = from;
    const end = COPY_END.exec(text);
    piece.copyData = text.slice(from, end ? end.index : text.length);
    this.#i = end ? end.index + end[0].length : text.length;
  }

  #markCode(i: number): void {
    if (this.#code >= 0) return;
    this.#code = i;
    if (this.#start < 0) this.#start = i;
  }

  #finish(end: number): void {
    if (this.#code >= 0) this.#pieces.push({ start: this.#start, end, code: this.#code });
    this.#start = -1;
    this.#code = -1;
    this.#parens = 0;
    this.#body = new StatementBody(this.#syntax.bodies);
  }

  /** The pieces as statements, with the line of each one's first code (one pass over the text). */
  #statements(): SqlStatement[] {
    const text = this.#text;
    const statements: SqlStatement[] = [];
    let line = 1;
    let newline = text.indexOf('\n');
    for (const piece of this.#pieces) {
      while (newline !== -1 && newline < piece.code) {
        line++;
        newline = text.indexOf('\n', newline + 1);
      }
      const statement: SqlStatement = { sql: text.slice(piece.start, piece.end).trim(), line };
      if (piece.copyData !== undefined) statement.copyData = piece.copyData;
      statements.push(statement);
    }
    return statements;
  }

  #lineAt(i: number): number {
    let line = 1;
    for (let nl = this.#text.indexOf('\n'); nl !== -1 && nl < i; nl = this.#text.indexOf('\n', nl + 1)) line++;
    return line;
  }
}

/** The delimiter a `DELIMITER` line sets: its first argument, quotes off (as the client's get_arg reads it). */
function delimiterArgument(rest: string): string {
  const text = rest.trim();
  const quote = text[0];
  if (quote === "'" || quote === '"' || quote === '`') {
    const end = text.indexOf(quote, 1);
    return text.slice(1, end === -1 ? undefined : end);
  }
  return text.split(/[ \t]/)[0]!;
}
