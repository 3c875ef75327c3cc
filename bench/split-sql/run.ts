/**
 * bench:split-sql — how long the SQL splitter takes on large files, against a peer measured in
 * the same run (dbgate-query-splitter, a widely used splitter with the same dialects), and how
 * its time grows with the file (it must be linear: time per 1,000 statements stays flat).
 *
 *   npm run bench:split-sql [-- --runs 3 --max 32000]
 */
import { parseArgs } from 'node:util';
import { mysqlSplitterOptions, postgreSplitterOptions, splitQuery } from 'dbgate-query-splitter';
import { splitSqlStatements } from '../../src/sql/split-sql.ts';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, max: { type: 'string', default: '32000' } } });
const runs = Number(values.runs);
const max = Number(values.max);

type Workload = { name: string; dialect: 'mysql' | 'postgres'; make: (n: number) => string };
const workloads: Workload[] = [
  { name: 'CASE … END selects (mysql)', dialect: 'mysql', make: (n) => lines(n, (i) => `select case when ${i} > 0 then 'a;' else "b" end as c${i};`) },
  {
    name: 'dump-like inserts (mysql)',
    dialect: 'mysql',
    make: (n) => lines(n, (i) => `INSERT INTO \`t\` VALUES (${i},'it\\'s; a \\"value\\"',NULL,'2026-01-01 00:00:00'),(${i + 1},'x',1,'y');`),
  },
  {
    name: 'functions in dollar quotes (postgres)',
    dialect: 'postgres',
    make: (n) => lines(n, (i) => `create function f${i}() returns int language plpgsql as $$ begin perform 1; return case when true then ${i} end; end $$;`),
  },
];

function lines(n: number, line: (i: number) => string): string {
  return Array.from({ length: n }, (_, i) => line(i)).join('\n');
}

function median(work: () => number): number {
  const times: number[] = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const count = work();
    times.push(performance.now() - start);
    if (count <= 0) throw new Error('nothing split');
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

console.log(`SQL splitter, median of ${runs} runs (ms); ratio = dihya / peer (below 1: faster)`);
for (const w of workloads) {
  console.log(`\n${w.name}`);
  console.log(['statements', 'dihya ms', 'peer ms', 'ratio', 'dihya ms per 1k'].join('\t'));
  let first: number | undefined;
  for (let n = 1000; n <= max; n *= 2) {
    const text = w.make(n);
    const ours = median(() => splitSqlStatements(text, w.dialect).length);
    const options = w.dialect === 'mysql' ? mysqlSplitterOptions : postgreSplitterOptions;
    const peer = median(() => splitQuery(text, options).length);
    const perK = ours / (n / 1000);
    first ??= perK;
    console.log(
      [n, ours.toFixed(1), peer.toFixed(1), (ours / peer).toFixed(2), `${perK.toFixed(2)} (x${(perK / first).toFixed(2)} of the 1k rate)`].join('\t'),
    );
  }
}
