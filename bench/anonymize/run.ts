/**
 * Anonymization benchmark: 1,000,000 rows (`--rows`) with five personal columns on PostgreSQL,
 * anonymized (a) by a bare `UPDATE people SET email = md5(email), phone = md5(phone), …` and
 * (b) by dihya-migrate's `anonymize --in-place` path (catalog checked against the schema, scan
 * for undeclared columns, migration lock and audit, keyed HMAC per value, format-valid fakes:
 * reserved-domain e-mails, valid phone numbers, mod-97 IBANs, faker names; primary-key batches
 * through a temporary table and one UPDATE … FROM per batch, all in one transaction; then the
 * proof that no e-mail, phone or IBAN of the result is an original). Backups are off for (b), as
 * (a) takes none. Each run starts from a fresh copy of the same source database (built once and
 * kept as `dihya_bench_anonymize_src`); the ratio of the medians is printed.
 *
 * @example
 * npm run bench:anonymize                      # 1,000,000 rows, 1 run each
 * npm run bench:anonymize -- --rows 100000 --runs 3
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Migrator } from '../../src/migrator/migrator.ts';
import { anonymizeDatabase, checkAnonymization } from '../../src/privacy/anonymize/anonymize-database.ts';
import { PrivacyKey } from '../../src/privacy/privacy-key.ts';
import { bareMd5Update, BENCH_TABLE, ensureSource, freshCopy } from './bench-database.ts';

const { values } = parseArgs({
  args: process.argv.slice(2),
  options: { rows: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '1' } },
});
const rows = Number(values.rows);
const runs = Number(values.runs);
if (!Number.isInteger(rows) || rows < 1 || !Number.isInteger(runs) || runs < 1) {
  console.error('usage: node bench/anonymize/run.ts [--rows N] [--runs N]');
  process.exit(2);
}
const adminUrl = process.env.DIHYA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const key = PrivacyKey.fromEnv({ DIHYA_PRIVACY_KEY: process.env.DIHYA_PRIVACY_KEY ?? 'bench-anonymize-key-0123456789' }, 'bench');

const source = await ensureSource(adminUrl, rows);
console.log(`source: ${rows.toLocaleString('en-US')} rows in ${BENCH_TABLE}, ${source.reused ? 'reused' : `built in ${(source.ms / 1000).toFixed(1)} s`}`);
console.log(`node ${process.version}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown cpu'}; ${runs} run(s) per tool, alternating\n`);

const project = mkdtempSync(path.join(os.tmpdir(), 'dihya-bench-anonymize-'));
writeFileSync(
  path.join(project, 'dihya.config.json'),
  JSON.stringify({
    backup: { enabled: false },
    privacy: {
      columns: {
        'people.email': { kind: 'email', strategy: 'fake' },
        'people.phone': { kind: 'phone', strategy: 'fake' },
        'people.first_name': { kind: 'first_name', strategy: 'fake' },
        'people.last_name': { kind: 'last_name', strategy: 'fake' },
        'people.iban': { kind: 'iban', strategy: 'fake' },
      },
    },
  }),
);

async function runDihya(url: string): Promise<number> {
  const migrator = await Migrator.open({ cwd: project, overrides: { url } });
  try {
    const started = performance.now();
    const catalog = await checkAnonymization(migrator.target, migrator.config, migrator.tables.all, { inPlace: true });
    const result = await migrator.locked('anonymize', (run) => anonymizeDatabase({ run, config: migrator.config, key, mode: { inPlace: true } }, catalog));
    if (result.rows !== rows) throw new Error(`anonymized ${result.rows} rows, expected ${rows}`);
    return performance.now() - started;
  } finally {
    await migrator.close();
  }
}

const times: Record<'md5' | 'dihya', number[]> = { md5: [], dihya: [] };
try {
  for (let run = 1; run <= runs; run++) {
    for (const tool of run % 2 === 1 ? (['md5', 'dihya'] as const) : (['dihya', 'md5'] as const)) {
      const copy = await freshCopy(adminUrl, `dihya_bench_anonymize_${tool}`);
      try {
        const ms = tool === 'md5' ? await bareMd5Update(copy.url) : await runDihya(copy.url);
        times[tool].push(ms);
        console.error(`run ${run}/${runs}  ${tool === 'md5' ? 'bare UPDATE … md5()' : 'dihya-migrate anonymize'}  ${(ms / 1000).toFixed(2)} s`);
      } finally {
        await copy.drop();
      }
    }
  }
} finally {
  rmSync(project, { recursive: true, force: true });
}

const median = (list: number[]) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]!;
const md5 = median(times.md5);
const dihya = median(times.dihya);
console.log(`\n${'tool'.padEnd(30)}${'median'.padStart(10)}${'rows/s'.padStart(14)}`);
console.log(
  `${'bare UPDATE … md5()'.padEnd(30)}${`${(md5 / 1000).toFixed(2)} s`.padStart(10)}${Math.round(rows / (md5 / 1000))
    .toLocaleString('en-US')
    .padStart(14)}`,
);
console.log(
  `${'dihya-migrate anonymize'.padEnd(30)}${`${(dihya / 1000).toFixed(2)} s`.padStart(10)}${Math.round(rows / (dihya / 1000))
    .toLocaleString('en-US')
    .padStart(14)}`,
);
console.log(`\nratio dihya-migrate / bare md5 UPDATE: ${(dihya / md5).toFixed(2)}x`);
