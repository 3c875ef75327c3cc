import type { DialectName } from './dialect-name.ts';

/**
 * How a dialect's own client finds where a statement with a body (a routine, a trigger, a
 * compound statement) ends, when its body holds `;` of its own.
 *
 * @example
 * const bodies = sqlSyntax('mysql').bodies
 * bodies.routineWords // ['procedure', 'function', 'trigger', 'event']
 */
export interface BodyRules {
  /** Words that, after CREATE (and `modifiers`), start a statement whose body may hold `;`. */
  routineWords: readonly string[];
  /** Words allowed between CREATE and the routine word: a list, or `any` word (definer clauses…) up to an object kind. */
  modifiers: readonly string[] | 'any';
  /** How the body ends: BEGIN/CASE … END counted (`depth`), or `; END` just before the terminator (`semicolon-end`, as sqlite3). */
  end: 'depth' | 'semicolon-end';
  /** CASE counts as a block only inside a BEGIN (psql); else anywhere in the body. */
  caseOnlyInsideBegin: boolean;
  /** Words after END that close an IF or a loop, which is not counted (MySQL `END IF`, `END LOOP`…). */
  endQualifiers: readonly string[];
  /** Statements that are a block themselves (MariaDB `BEGIN NOT ATOMIC … END`). */
  anonymousBlocks: readonly (readonly string[])[];
}

/**
 * What differs in how each dialect writes SQL text: comments, quotes, escapes, identifier case,
 * and how its own client (psql, mysql/mariadb, sqlite3) splits a file into statements. The one
 * table of such differences; code outside the dialect folders reads these flags instead of
 * comparing dialect names.
 *
 * @example
 * const syntax = sqlSyntax('mysql')
 * syntax.hashComments // true
 */
export interface SqlSyntax {
  /** `# comment` to the end of the line (MySQL/MariaDB). */
  hashComments: boolean;
  /** `--` starts a comment only before whitespace, a control character or the end (MySQL: `5--1` is 6). */
  dashCommentNeedsSpace: boolean;
  /** Block comments nest: `/* a /* b *\/ c *\/` is one comment (PostgreSQL). */
  nestedBlockComments: boolean;
  /** `/*! … *\/` and `/*M! … *\/` are code the server runs (MySQL/MariaDB): the client reads inside them as code. */
  executableComments: boolean;
  /** Backslash escapes in '…' strings: always (MySQL), only in E'…' strings (PostgreSQL), never. */
  backslashEscapes: 'always' | 'e-strings' | 'never';
  /** "…" is a string, not an identifier (MySQL/MariaDB without ANSI_QUOTES). */
  doubleQuotedStrings: boolean;
  /** `…` quotes an identifier (MySQL, SQLite). */
  backtickIdentifiers: boolean;
  /** [ … ] quotes an identifier (SQLite). */
  bracketIdentifiers: boolean;
  /** `$tag$ … $tag$` dollar quoting (PostgreSQL). */
  dollarQuotes: boolean;
  /** A `;` inside parentheses does not end the statement (psql: `CREATE RULE … DO ALSO (…; …)`). */
  parenthesesHoldTerminator: boolean;
  /** `DELIMITER xx` lines change the terminator, as in the mysql/mariadb client. */
  delimiterCommand: boolean;
  /** `COPY … FROM stdin;` is followed by its data lines, up to a `\.` line (psql, as pg_dump writes it). */
  inlineCopyData: boolean;
  /** A line starting with `\` before any code of a statement is a psql meta-command (pg_dump writes `\restrict`). */
  psqlMetaCommands: boolean;
  /** A block comment before a statement stays part of it (psql keeps it: pg_hint_plan reads hints there); `--` comments are always dropped. */
  keepsLeadingBlockComments: boolean;
  /** Statements whose body holds `;`: see {@link BodyRules}. */
  bodies: BodyRules;
  /** Unquoted names fold to lower case (PostgreSQL), so `Orders` is `orders`. */
  unquotedNamesFoldToLower: boolean;
  /** Table names compare exactly (PostgreSQL); elsewhere case is ignored. */
  caseSensitiveNames: boolean;
  /** The schema an unqualified name lives in, dropped when comparing names (`public`). */
  defaultSchema: string | undefined;
}

const SYNTAX: Record<DialectName, SqlSyntax> = {
  sqlite: {
    hashComments: false,
    dashCommentNeedsSpace: false,
    nestedBlockComments: false,
    executableComments: false,
    backslashEscapes: 'never',
    doubleQuotedStrings: false,
    backtickIdentifiers: true,
    bracketIdentifiers: true,
    dollarQuotes: false,
    parenthesesHoldTerminator: false,
    delimiterCommand: false,
    inlineCopyData: false,
    psqlMetaCommands: false,
    keepsLeadingBlockComments: true,
    // sqlite3_complete(): CREATE [TEMP] TRIGGER … ends at a `;` that follows `; END`.
    bodies: {
      routineWords: ['trigger'],
      modifiers: ['temp', 'temporary'],
      end: 'semicolon-end',
      caseOnlyInsideBegin: false,
      endQualifiers: [],
      anonymousBlocks: [],
    },
    unquotedNamesFoldToLower: false,
    caseSensitiveNames: false,
    defaultSchema: undefined,
  },
  postgres: {
    hashComments: false,
    dashCommentNeedsSpace: false,
    nestedBlockComments: true,
    executableComments: false,
    backslashEscapes: 'e-strings',
    doubleQuotedStrings: false,
    backtickIdentifiers: false,
    bracketIdentifiers: false,
    dollarQuotes: true,
    parenthesesHoldTerminator: true,
    delimiterCommand: false,
    inlineCopyData: true,
    psqlMetaCommands: true,
    keepsLeadingBlockComments: true,
    // psql: CREATE [OR REPLACE] FUNCTION|PROCEDURE … BEGIN ATOMIC … END (SQL-standard bodies).
    bodies: {
      routineWords: ['function', 'procedure'],
      modifiers: ['or', 'replace'],
      end: 'depth',
      caseOnlyInsideBegin: true,
      endQualifiers: [],
      anonymousBlocks: [],
    },
    unquotedNamesFoldToLower: true,
    caseSensitiveNames: true,
    defaultSchema: 'public',
  },
  mysql: {
    hashComments: true,
    dashCommentNeedsSpace: true,
    nestedBlockComments: false,
    executableComments: true,
    backslashEscapes: 'always',
    doubleQuotedStrings: true,
    backtickIdentifiers: true,
    bracketIdentifiers: false,
    dollarQuotes: false,
    parenthesesHoldTerminator: false,
    delimiterCommand: true,
    inlineCopyData: false,
    psqlMetaCommands: false,
    keepsLeadingBlockComments: false,
    // Beyond the client (which needs DELIMITER): routines and MariaDB anonymous blocks written with `;`.
    bodies: {
      routineWords: ['procedure', 'function', 'trigger', 'event'],
      modifiers: 'any',
      end: 'depth',
      caseOnlyInsideBegin: false,
      endQualifiers: ['if', 'loop', 'while', 'repeat', 'for'],
      anonymousBlocks: [['begin', 'not', 'atomic']],
    },
    unquotedNamesFoldToLower: false,
    caseSensitiveNames: false,
    defaultSchema: undefined,
  },
};

/**
 * The syntax table of a dialect.
 *
 * @example
 * sqlSyntax('postgres').dollarQuotes // true
 */
export function sqlSyntax(dialect: DialectName): SqlSyntax {
  return SYNTAX[dialect];
}

/**
 * True when two table names as a snapshot writes them name the same table in this dialect.
 *
 * @example
 * sameTableName('Orders', 'orders', sqlSyntax('mysql'))    // true
 * sameTableName('Orders', 'orders', sqlSyntax('postgres')) // false
 */
export function sameTableName(a: string, b: string, syntax: SqlSyntax): boolean {
  return syntax.caseSensitiveNames ? a === b : a.toLowerCase() === b.toLowerCase();
}
