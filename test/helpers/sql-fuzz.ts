import fc from 'fast-check';

/**
 * Generated SQL files whose correct split is known by construction, for property tests of the
 * splitter (and for checking each piece against the real servers). Every statement leaves exactly
 * one trace when it runs — a row in `fz_log`, or a routine, trigger or rule named `fz_…` — so the
 * count of traces is the count of statements a server executed.
 */
export type FuzzDialect = 'postgres' | 'mysql' | 'sqlite';

export interface FuzzFile {
  text: string;
  /** What the splitter must return. */
  expected: { sql: string; line: number }[];
}

export interface FuzzOptions {
  /** Only files the dialect's own client runs as they are (MySQL: routines only under a DELIMITER). */
  clientCompatible: boolean;
  /** The last statement may lack its terminator. */
  openEnd?: boolean;
}

type Make = (k: number) => string;
interface Filler {
  text: string;
  block: boolean;
}
type Part = { kind: 'statement'; make: Make; lead: Filler[]; routine: boolean } | { kind: 'delimiter'; delimiter: string; spelled: string; lead: Filler[] };

const WORDS = [
  'a',
  'b',
  'Z',
  ' ',
  ' ',
  ';',
  ';',
  "'",
  '"',
  '`',
  '$',
  '$$',
  '-',
  '--',
  '#',
  '/',
  '*',
  '\\',
  '\n',
  '(',
  ')',
  'begin',
  'END',
  'case',
  'delimiter',
  'é',
  '0',
];
const content = (max = 6) => fc.array(fc.constantFrom(...WORDS), { maxLength: max }).map((w) => w.join(''));

// ---- literals, identifiers, comments (each valid for its dialect) ----

function literal(dialect: FuzzDialect, inDollarBody = false): fc.Arbitrary<string> {
  const standard = content().map((s) => `'${(dialect === 'mysql' ? s.replaceAll('\\', '\\\\') : s).replaceAll("'", "''")}'`);
  if (dialect === 'mysql') {
    return fc.oneof(
      standard,
      content().map((s) => `'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`),
      content().map((s) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`),
      content().map((s) => `_utf8mb4'${s.replaceAll('\\', '\\\\').replaceAll("'", "''")}'`),
    );
  }
  if (dialect === 'postgres') {
    const options = [standard, content().map((s) => `E'${s.replaceAll('\\', '\\\\').replaceAll("'", "\\'")}'`)];
    if (!inDollarBody) options.push(content().map((s) => `$q$${s.replaceAll('$q', '$ q')}$q$`));
    return fc.oneof(...options);
  }
  return standard;
}

function identifier(dialect: FuzzDialect): fc.Arbitrary<string> {
  const name = content(4).map((s) => `x${s.replaceAll('\n', ' ').replaceAll('\\', '/')}`.slice(0, 24).trimEnd());
  if (dialect === 'mysql') return name.map((s) => `\`${s.replaceAll('`', '``')}\``);
  if (dialect === 'sqlite')
    return fc.oneof(
      name.map((s) => `"${s.replaceAll('"', '""')}"`),
      name.map((s) => `[${s.replaceAll(']', ')')}]`),
    );
  return name.map((s) => `"${s.replaceAll('"', '""')}"`);
}

const blockBody = content().map((s) => ` ${s.replaceAll('*/', '* /').replaceAll('/*', '/ *')} `);
const lineBody = content().map((s) => s.replaceAll('\n', ' '));

/** A comment inside a statement (followed by a newline for line comments). */
function inlineComment(dialect: FuzzDialect, noHash = false): fc.Arbitrary<string> {
  const options = [blockBody.map((b) => `/*${b}*/`), lineBody.map((b) => `-- ${b}\n`)];
  if (dialect === 'mysql' && !noHash) options.push(lineBody.map((b) => `#${b}\n`));
  if (dialect === 'postgres') options.push(fc.tuple(blockBody, blockBody).map(([a, b]) => `/*${a}/*${b}*/${a}*/`));
  return fc.oneof(...options);
}

/** Comments and blank lines between statements (each ends at a line end, or a block comment before a space). */
function filler(dialect: FuzzDialect, delimiter: string): fc.Arbitrary<Filler> {
  const options: fc.Arbitrary<Filler>[] = [
    fc.constantFrom('\n', '  \n', '\t').map((text) => ({ text, block: false })),
    lineBody.map((b) => ({ text: `-- ${b}\n`, block: false })),
    fc.tuple(blockBody, fc.constantFrom(' ', '\n')).map(([b, after]) => ({ text: `/*${b}*/${after}`, block: true })),
  ];
  if (dialect === 'mysql') {
    if (delimiter !== '#') options.push(lineBody.map((b) => ({ text: `#${b}\n`, block: false })));
    // the client drops a line starting with -- at a statement start, even without a space
    options.push(lineBody.map((b) => ({ text: `--x${b}\n`, block: false })));
  }
  if (dialect === 'postgres') options.push(fc.tuple(blockBody, blockBody).map(([a, b]) => ({ text: `/*${a}/*${b}*/${a}*/\n`, block: true })));
  return fc.oneof(...options);
}

const spaced = (dialect: FuzzDialect, noHash = false) =>
  fc.oneof(
    { weight: 3, arbitrary: fc.constant(' ') },
    inlineComment(dialect, noHash).map((c) => ` ${c} `),
  );

/** A text expression made of literals, with comments between them. */
function expression(dialect: FuzzDialect, inDollarBody = false, noHash = false): fc.Arbitrary<string> {
  const items = fc.array(fc.tuple(literal(dialect, inDollarBody), spaced(dialect, noHash)), { minLength: 1, maxLength: 3 });
  if (dialect === 'mysql') {
    const executable = fc.constantFrom('', '/*!40101 ', '/*M!100100 ');
    return fc.tuple(items, executable, literal(dialect)).map(([parts, exec, extra]) => {
      const args = parts.map(([l, s]) => `${l}${s}`).join(', ');
      return exec ? `concat(${exec}${extra}, */ ${args})` : `concat(${args})`;
    });
  }
  return items.map((parts) => parts.map(([l, s]) => `${l}${s}`).join(' || '));
}

// ---- statements ----

function insert(dialect: FuzzDialect, noHash: boolean): fc.Arbitrary<Make> {
  return fc
    .tuple(expression(dialect, false, noHash), identifier(dialect), fc.boolean(), spaced(dialect, noHash))
    .map(([expr, alias, values, gap]) => (k: number) => {
      const n = dialect === 'mysql' ? `${k + 1}--1-2` : `${k}`;
      return values ? `insert into${gap}fz_log (n, s) values (${n}, ${expr})` : `insert into fz_log (n, s) select ${n},${gap}${expr} as ${alias}`;
    });
}

/** A MySQL compound body (statements each followed by `; `), at nesting depth `d`. */
const statementsByDepth = new Map<number, fc.Arbitrary<string>>();

function mysqlStatements(d: number): fc.Arbitrary<string> {
  let arbitrary = statementsByDepth.get(d);
  if (!arbitrary) statementsByDepth.set(d, (arbitrary = buildMysqlStatements(d)));
  return arbitrary;
}

function buildMysqlStatements(d: number): fc.Arbitrary<string> {
  const leaf = fc.oneof(
    fc.constant('set v = v + 1'),
    literal('mysql').map((l) => `set s = concat(s, ${l})`),
    fc.constant('set v = case when v > 1 then 1 else 0 end'),
    fc.constant('set v = (case v when 2 then 3 else v end)'),
  );
  const one: fc.Arbitrary<string> =
    d >= 3
      ? leaf
      : fc.oneof(
          { weight: 3, arbitrary: leaf },
          fc
            .tuple(mysqlStatements(d + 1), mysqlStatements(d + 1), mysqlStatements(d + 1))
            .map(([a, b, c]) => `if v > 1 then ${a}elseif v < 0 then ${b}else ${c}end if`),
          fc.tuple(mysqlStatements(d + 1), mysqlStatements(d + 1)).map(([a, b]) => `case v when 1 then ${a}else ${b}end case`),
          fc.tuple(mysqlStatements(d + 1), mysqlStatements(d + 1)).map(([a, b]) => `case when v > 0 then ${a}else ${b}end case`),
          mysqlStatements(d + 1).map((a) => `l${d}: loop ${a}leave l${d}; end loop l${d}`),
          mysqlStatements(d + 1).map((a) => `while c${d} < 3 do set c${d} = c${d} + 1; ${a}end while`),
          mysqlStatements(d + 1).map((a) => `repeat set c${d} = c${d} + 1; ${a}until c${d} > 2 end repeat`),
          mysqlStatements(d + 1).map((a) => `for i${d} in 1..2 do ${a}end for`),
          mysqlStatements(d + 1).map((a) => `begin ${a}end`),
          mysqlStatements(d + 1).map((a) => `b${d}: begin ${a}end b${d}`),
        );
  return fc.array(one, { minLength: 1, maxLength: 3 }).map((list) => list.map((s) => `${s}; `).join(''));
}

const MYSQL_DECLARES = "declare v int default 0; declare s text default ''; declare c0, c1, c2, c3 int default 0; ";

function mysqlRoutine(): fc.Arbitrary<Make> {
  return fc
    .tuple(mysqlStatements(0), fc.constantFrom('procedure', 'function', 'trigger', 'block'), fc.constantFrom('', 'definer = current_user '))
    .map(([body, kind, definer]) => (k: number) => {
      switch (kind) {
        case 'procedure':
          return `create ${definer}procedure fz_p${k}()\nbegin\n  ${MYSQL_DECLARES}${body}\nend`;
        case 'function':
          return `create ${definer}function fz_f${k}() returns int deterministic begin ${MYSQL_DECLARES}${body}return v; end`;
        case 'trigger':
          return `create ${definer}trigger fz_t${k} before insert on fz_src for each row begin ${MYSQL_DECLARES}${body}set new.a = v; end`;
        default:
          return `begin not atomic ${MYSQL_DECLARES}${body}insert into fz_log (n, s) values (${k}, s); end`;
      }
    });
}

function postgresRoutine(): fc.Arbitrary<Make> {
  const plain = expression('postgres', true);
  return fc.oneof(
    plain.map((e) => (k: number) => `create function fz_f${k}() returns int language plpgsql as $fz$ begin perform ${e}; return 1; end $fz$`),
    fc.tuple(expression('postgres'), fc.boolean()).map(
      ([e, inParens]) =>
        (k: number) =>
          `create or replace function fz_g${k}() returns int language sql\nbegin atomic\n  select ${e};\n  select ${inParens ? '(case when true then 1 else 2 end)' : 'case when true then 1 else 2 end'};\nend`,
    ),
    expression('postgres').map(
      (e) => (k: number) => `create procedure fz_p${k}() language sql begin atomic insert into fz_log (n, s) values (${k}, ${e}); end`,
    ),
    fc.tuple(expression('postgres'), expression('postgres')).map(
      ([a, b]) =>
        (k: number) =>
          `create rule fz_r${k} as on insert to fz_src do also (insert into fz_log (n, s) values (${k}, ${a}); insert into fz_log (n, s) values (${k}, ${b}))`,
    ),
    plain.map((e) => (k: number) => `do $fz$ begin insert into fz_log (n, s) values (${k}, ${e}); end $fz$`),
  );
}

function sqliteTrigger(): fc.Arbitrary<Make> {
  const e = expression('sqlite');
  const body = fc.array(
    fc.oneof(
      fc.tuple(e, e).map(([a, b]) => `insert into fz_sink (s) values (case when new.a > 0 then ${a} else ${b} end)`),
      fc.tuple(e, e).map(([a, b]) => `update fz_sink set s = ${a} where s = ${b}`),
    ),
    { minLength: 1, maxLength: 3 },
  );
  return body.map((list) => (k: number) => `create trigger fz_t${k} after insert on fz_src begin\n  ${list.map((s) => `${s};`).join('\n  ')}\nend`);
}

function routine(dialect: FuzzDialect): fc.Arbitrary<Make> {
  if (dialect === 'mysql') return mysqlRoutine();
  if (dialect === 'postgres') return postgresRoutine();
  return sqliteTrigger();
}

// ---- files ----

const DELIMITERS = ['//', '$$', ';;', '#', '|'];

function part(dialect: FuzzDialect): fc.Arbitrary<Part[]> {
  const cache = new Map<string, fc.Arbitrary<Part>>();
  const statement = (delimiter: string) => {
    const known = cache.get(delimiter);
    if (known) return known;
    const made = fc
      .tuple(
        fc.array(filler(dialect, delimiter), { maxLength: 3 }),
        fc.oneof(
          { weight: 2, arbitrary: insert(dialect, delimiter === '#') },
          routine(dialect).map((m) => ({ routine: m })),
        ),
      )
      .map(([lead, made]): Part =>
        typeof made === 'function' ? { kind: 'statement', make: made, lead, routine: false } : { kind: 'statement', make: made.routine, lead, routine: true },
      );
    cache.set(delimiter, made);
    return made;
  };
  if (dialect !== 'mysql') return fc.array(statement(';'), { minLength: 1, maxLength: 3 });
  const segments = [';', ...DELIMITERS].map((delimiter) =>
    fc
      .tuple(
        fc.array(filler(dialect, delimiter), { maxLength: 2 }),
        fc.constantFrom('DELIMITER', 'delimiter', 'Delimiter'),
        fc.array(statement(delimiter), { minLength: 1, maxLength: 3 }),
      )
      .map(([lead, spelled, statements]): Part[] => [{ kind: 'delimiter', delimiter, spelled, lead }, ...statements]),
  );
  return fc.oneof(...segments);
}

/**
 * A generated SQL file and its known split, for one dialect.
 *
 * @example
 * fc.assert(fc.property(sqlFile('mysql', { clientCompatible: false }), (f) => expect(split(f.text)).toEqual(f.expected)))
 */
export function sqlFile(dialect: FuzzDialect, options: FuzzOptions): fc.Arbitrary<FuzzFile> {
  const parts = part(dialect);
  return fc
    .tuple(fc.array(parts, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.array(fc.constantFrom(' ', '\n', '\n\n'), { minLength: 12, maxLength: 12 }))
    .map(([groups, openEnd, gaps]) => assemble(dialect, groups.flat(), options, openEnd && options.openEnd === true, gaps));
}

function assemble(dialect: FuzzDialect, parts: Part[], options: FuzzOptions, openEnd: boolean, gaps: string[]): FuzzFile {
  let text = '';
  let delimiter = ';';
  let k = 0;
  const expected: FuzzFile['expected'] = [];
  const lastStatement = parts.findLastIndex((p) => p.kind === 'statement');
  parts.forEach((p, index) => {
    if (p.kind === 'delimiter') {
      if (!text.endsWith('\n') && text !== '') text += '\n';
      const lead = p.lead.filter((f) => !(delimiter === '#' && f.text.startsWith('#')));
      text += lead.map((f) => (f.block ? `${f.text.trimEnd()}\n` : f.text.endsWith('\n') ? f.text : `${f.text}\n`)).join('');
      text += `${p.spelled} ${p.delimiter}\n`;
      delimiter = p.delimiter;
      return;
    }
    // MySQL: its client needs DELIMITER for a routine
    const make = p.routine && dialect === 'mysql' && options.clientCompatible && delimiter === ';' ? undefined : p.make;
    if (!make) return;
    const lead = p.lead.filter((f) => !(delimiter === '#' && f.text.startsWith('#')));
    const leadText = lead.map((f) => f.text).join('');
    text += leadText;
    const sql = make(k++);
    const start = text.length;
    text += sql;
    const kept = dialect === 'mysql' ? -1 : lead.findIndex((f) => f.block);
    expected.push({
      sql:
        kept === -1
          ? sql
          : `${lead
              .slice(kept)
              .map((f) => f.text)
              .join('')}${sql}`.trim(),
      line: lineAt(text, start),
    });
    if (!(openEnd && index === lastStatement)) text += delimiter;
    text += gaps[index % gaps.length];
  });
  return { text, expected };
}

function lineAt(text: string, at: number): number {
  let line = 1;
  for (let i = 0; i < at; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
