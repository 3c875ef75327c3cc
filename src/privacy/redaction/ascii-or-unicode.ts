/**
 * Regular expressions written with Unicode property classes (`\p{L}` letters, `\p{M}` marks,
 * `\p{N}` digits), built on first use in two forms: the Unicode one, and an ASCII one where
 * `\p{L}` is `A-Za-z`, `\p{M}` is nothing and `\p{N}` is `0-9`. On a text made only of ASCII
 * characters both find exactly the same matches (no character they look at, lookarounds
 * included, can be anything else), and the ASCII form costs a tenth to compile: V8 builds the
 * property classes' thousands of ranges when the pattern is created and again when it first runs,
 * a few milliseconds for each pattern, which is most of what redacting a command's first line costs.
 */

/** A character outside ASCII (any UTF-16 unit from U+0080, surrogates included). */
const NON_ASCII = /[\u0080-\uffff]/;
/** A letter or a digit of any script. */
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** ASCII ranges of the property classes the redaction patterns use. */
const ASCII_CLASS: Record<string, string> = { L: 'A-Za-z', M: '', N: '0-9' };

/**
 * True when `text` has only ASCII characters.
 *
 * @example
 * isAscii('table notes') // true
 * isAscii('łukasz')      // false
 */
export function isAscii(text: string): boolean {
  return !NON_ASCII.test(text);
}

/**
 * True when the one character `char` is a letter or a digit, of any script (`\p{L}`, `\p{N}`);
 * ASCII characters are told without a regular expression.
 *
 * @example
 * isLetterOrDigit('é') // true
 * isLetterOrDigit('_') // false
 */
export function isLetterOrDigit(char: string): boolean {
  const code = char.charCodeAt(0);
  if (code < 0x80) return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
  return LETTER_OR_DIGIT.test(char);
}

/**
 * The ASCII form of a pattern's source: each `\p{L}`, `\p{M}`, `\p{N}` inside a class becomes its
 * ASCII ranges, and outside a class a class of them (`\p{M}` outside a class: `[]`, which matches
 * nothing, as no ASCII character is a mark). Other property escapes are refused.
 *
 * @example
 * asciiSource('(?<![\\p{L}\\p{N}_])\\p{L}') // '(?<![A-Za-z0-9_])[A-Za-z]'
 */
export function asciiSource(source: string): string {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '\\') {
      const property = /^\\([pP])\{([^}]*)\}/.exec(source.slice(i));
      if (property) {
        const ranges = ASCII_CLASS[property[2]!];
        if (property[1] === 'P' || ranges === undefined) throw new Error(`asciiSource: ${property[0]} has no ASCII form here`);
        out += inClass ? ranges : `[${ranges}]`;
        i += property[0].length - 1;
      } else {
        out += source.slice(i, i + 2);
        i++;
      }
    } else {
      if (c === '[' && !inClass) inClass = true;
      else if (c === ']' && inClass) inClass = false;
      out += c;
    }
  }
  return out;
}

/** A pattern in its two forms: {@link asciiOrUnicode}. */
export interface TextPattern {
  /** The form for a text that is all ASCII (`ascii`, see {@link isAscii}) or not. */
  of(ascii: boolean): RegExp;
}

/**
 * A pattern in its two forms, each compiled the first time a text needs it: the ASCII form for
 * ASCII texts, the Unicode form for any other (one form only when the pattern has no property class).
 *
 * @example
 * const word = asciiOrUnicode('[\\p{L}]+', 'gu')
 * 'café au lait'.match(word.of(isAscii('café au lait'))) // ['café', 'au', 'lait']
 */
export function asciiOrUnicode(source: string, flags: string): TextPattern {
  const hasProperties = /\\[pP]\{/.test(source);
  let unicode: RegExp | undefined;
  let ascii: RegExp | undefined;
  return {
    of(isAsciiText) {
      if (isAsciiText && hasProperties) return (ascii ??= new RegExp(asciiSource(source), flags));
      return (unicode ??= new RegExp(source, flags));
    },
  };
}
