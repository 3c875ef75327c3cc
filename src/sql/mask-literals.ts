import type { DialectName } from './dialect-name.ts';
import { rememberLast } from './remember-last.ts';
import { sqlSyntax } from './sql-syntax.ts';

/** Where a literal or a comment may start (a superset): a statement with none of these is its own mask. */
const MAY_HOLD_LITERALS = /--|\/\*|['"#$]/;

/**
 * The statement with every string literal, quoted identifier body and comment replaced by spaces
 * (same length, same line numbers), so keyword searches never match inside them. Quoted
 * identifiers keep their quotes and content (they name tables).
 *
 * @example
 * maskLiterals("select 'delete from x' -- delete from y\nfrom t", 'postgres') // "select '             '                   \nfrom t"
 */
export const maskLiterals = rememberLast((sql: string, dialect: DialectName): string => {
  if (!MAY_HOLD_LITERALS.test(sql)) return sql;
  const syntax = sqlSyntax(dialect);
  let out = '';
  let i = 0;
  const blank = (text: string) => text.replace(/[^\n]/g, ' ');
  while (i < sql.length) {
    const ch = sql[i]!;
    const next = sql[i + 1];
    if ((ch === '-' && next === '-') || (ch === '#' && syntax.hashComments)) {
      const end = sql.indexOf('\n', i);
      const stop = end === -1 ? sql.length : end;
      out += blank(sql.slice(i, stop));
      i = stop;
    } else if (ch === '/' && next === '*' && !(syntax.executableComments && sql[i + 2] === '!')) {
      const end = sql.indexOf('*/', i + 2);
      const stop = end === -1 ? sql.length : end + 2;
      out += blank(sql.slice(i, stop));
      i = stop;
    } else if (ch === "'" || (ch === '"' && syntax.doubleQuotedStrings)) {
      const backslash = syntax.backslashEscapes === 'always' || (syntax.backslashEscapes === 'e-strings' && /[eE]/.test(sql[i - 1] ?? ''));
      let j = i + 1;
      while (j < sql.length) {
        if (backslash && sql[j] === '\\') j += 2;
        else if (sql[j] === ch && sql[j + 1] === ch) j += 2;
        else if (sql[j] === ch) break;
        else j++;
      }
      out += `${ch}${blank(sql.slice(i + 1, j))}${sql[j] ?? ''}`;
      i = j + 1;
    } else if (ch === '$' && syntax.dollarQuotes && !/[\w$]/.test(sql[i - 1] ?? '')) {
      const tag = /^\$([a-zA-Z_]\w*)?\$/.exec(sql.slice(i, i + 64));
      if (!tag) {
        out += ch;
        i++;
        continue;
      }
      const end = sql.indexOf(tag[0], i + tag[0].length);
      const stop = end === -1 ? sql.length : end + tag[0].length;
      out += blank(sql.slice(i, stop));
      i = stop;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
});
