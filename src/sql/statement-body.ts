import type { BodyRules } from './sql-syntax.ts';

/** Object kinds after CREATE that are never a routine (so `create table event (…)` is not one). */
const OBJECT_KINDS = new Set([
  'table',
  'view',
  'index',
  'unique',
  'fulltext',
  'spatial',
  'database',
  'schema',
  'user',
  'role',
  'server',
  'tablespace',
  'sequence',
]);
/** How many words after CREATE may stand before the routine word (definer clauses, OR REPLACE, AGGREGATE…). */
const MAX_HEAD_WORDS = 12;

const NONE = 0;
const AFTER_END = 1;
const AFTER_END_FOR = 2;

/**
 * Follows one statement, token by token, to tell whether a `;` is inside its body (a routine's
 * BEGIN … END, a trigger body, a MariaDB `BEGIN NOT ATOMIC` block) or ends it. Linear: each
 * token is looked at once, with a state of a few fields.
 *
 * @example
 * const body = new StatementBody(sqlSyntax('mysql').bodies)
 * for (const w of ['create', 'procedure', 'p', 'begin', 'select', '1']) body.word(w, 0)
 * body.holdsTerminator() // true: the `;` after `select 1` is inside BEGIN … END
 */
export class StatementBody {
  readonly #rules: BodyRules;
  #head: string[] = [];
  #state: 'undecided' | 'plain' | 'body' = 'undecided';
  #depth = 0;
  #pending = NONE;
  // semicolon-end: the last two tokens (';', a lower-case word, or '' for anything else)
  #last = '';
  #beforeLast = '';

  constructor(rules: BodyRules) {
    this.#rules = rules;
  }

  /** A word (keyword or bare identifier), lower case; `parenDepth` as the splitter counts it. */
  word(word: string, parenDepth: number): void {
    if (this.#state === 'undecided') {
      this.#decide(word);
      return;
    }
    if (this.#state !== 'body') return;
    if (this.#rules.end === 'semicolon-end') {
      this.#push(word);
      return;
    }
    if (this.#pending === AFTER_END) {
      this.#pending = NONE;
      if (word === 'case') return this.#close();
      if (word === 'for') {
        this.#pending = AFTER_END_FOR;
        return;
      }
      if (this.#rules.endQualifiers.includes(word)) return;
      this.#close();
    } else if (this.#pending === AFTER_END_FOR) {
      this.#pending = NONE;
      // `… END FOR UPDATE`: that END closed a CASE; `END FOR` closed a FOR loop.
      if (word === 'update' || word === 'share') this.#close();
    }
    if (parenDepth > 0) return;
    if (word === 'begin') this.#depth++;
    else if (word === 'case') {
      if (!this.#rules.caseOnlyInsideBegin || this.#depth > 0) this.#depth++;
    } else if (word === 'end') {
      if (this.#rules.endQualifiers.length > 0) this.#pending = AFTER_END;
      else this.#close();
    }
  }

  /** Any other token: punctuation, a number, a quoted piece. */
  other(): void {
    if (this.#state === 'undecided' && this.#head.length > 0 && this.#head[0] !== 'create') this.#state = 'plain';
    if (this.#state !== 'body') return;
    if (this.#rules.end === 'semicolon-end') this.#push('');
    else this.#settle();
  }

  /**
   * Called on a `;`: true when it is inside the body (the statement goes on), false when it ends
   * the statement. A `;` that stays inside is recorded as a token.
   */
  holdsTerminator(): boolean {
    if (this.#state !== 'body') return false;
    if (this.#rules.end === 'semicolon-end') {
      if (this.#last === 'end' && this.#beforeLast === ';') return false;
      this.#push(';');
      return true;
    }
    this.#settle();
    return this.#depth > 0;
  }

  #decide(word: string): void {
    const head = this.#head;
    head.push(word);
    if (head[0] !== 'create') {
      const blocks = this.#rules.anonymousBlocks.filter((b) => head.every((w, i) => b[i] === w));
      if (blocks.length === 0) this.#state = 'plain';
      else if (blocks.some((b) => b.length === head.length)) {
        this.#state = 'body';
        this.#depth = 1;
      }
      return;
    }
    if (head.length === 1) return;
    if (this.#rules.routineWords.includes(word)) {
      this.#state = 'body';
      return;
    }
    const modifiers = this.#rules.modifiers;
    if (modifiers === 'any' ? OBJECT_KINDS.has(word) || head.length > MAX_HEAD_WORDS : !modifiers.includes(word)) this.#state = 'plain';
  }

  #settle(): void {
    if (this.#pending === AFTER_END) this.#close();
    this.#pending = NONE;
  }

  #close(): void {
    if (this.#depth > 0) this.#depth--;
  }

  #push(token: string): void {
    this.#beforeLast = this.#last;
    this.#last = token;
  }
}
