import type { DialectName } from './dialect-name.ts';

/**
 * What differs in how each dialect writes SQL text: comments, quotes, escapes, identifier case.
 * The one table of such differences; code outside the dialect folders reads these flags instead
 * of comparing dialect names.
 *
 * @example
 * const syntax = sqlSyntax('mysql')
 * syntax.hashComments // true
 */
export interface SqlSyntax {
  /** `# comment` to the end of the line (MySQL/MariaDB). */
  hashComments: boolean;
  /** Block comments nest: `/* a /* b *\/ c *\/` is one comment (PostgreSQL). */
  nestedBlockComments: boolean;
  /** `/*! … *\/` and `/*M! … *\/` are code the server runs (MySQL/MariaDB). */
  executableComments: boolean;
  /** Backslash escapes in '…' strings: always (MySQL), only in E'…' strings (PostgreSQL), never. */
  backslashEscapes: 'always' | 'e-strings' | 'never';
  /** "…" is a string, not an identifier (MySQL/MariaDB without ANSI_QUOTES). */
  doubleQuotedStrings: boolean;
  /** `$tag$ … $tag$` dollar quoting (PostgreSQL). */
  dollarQuotes: boolean;
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
    nestedBlockComments: false,
    executableComments: false,
    backslashEscapes: 'never',
    doubleQuotedStrings: false,
    dollarQuotes: false,
    unquotedNamesFoldToLower: false,
    caseSensitiveNames: false,
    defaultSchema: undefined,
  },
  postgres: {
    hashComments: false,
    nestedBlockComments: true,
    executableComments: false,
    backslashEscapes: 'e-strings',
    doubleQuotedStrings: false,
    dollarQuotes: true,
    unquotedNamesFoldToLower: true,
    caseSensitiveNames: true,
    defaultSchema: 'public',
  },
  mysql: {
    hashComments: true,
    nestedBlockComments: false,
    executableComments: true,
    backslashEscapes: 'always',
    doubleQuotedStrings: true,
    dollarQuotes: false,
    unquotedNamesFoldToLower: false,
    caseSensitiveNames: false,
    defaultSchema: undefined,
  },
};

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
