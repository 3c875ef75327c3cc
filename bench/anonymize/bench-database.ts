import pg from 'pg';

/** The table both tools anonymize: a key and five personal columns. */
export const BENCH_TABLE = 'people';

/** The source database, built once per row count and kept; each run works on a fresh copy of it. */
const SOURCE = 'dihya_bench_anonymize_src';

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function databaseUrl(adminUrl: string, name: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * Makes sure the source database holds `rows` people (built with INSERT … SELECT generate_series
 * when missing or of another size). Returns whether it was reused and how long building took.
 *
 * @example
 * await ensureSource('postgres://postgres@127.0.0.1:5432/postgres', 1_000_000)
 */
export async function ensureSource(adminUrl: string, rows: number): Promise<{ reused: boolean; ms: number }> {
  const started = performance.now();
  const exists = await withClient(adminUrl, async (c) => (await c.query('select 1 from pg_database where datname = $1', [SOURCE])).rowCount === 1);
  if (exists) {
    const count = await withClient(databaseUrl(adminUrl, SOURCE), async (c) =>
      Number((await c.query(`select count(*) as n from ${BENCH_TABLE}`)).rows[0].n),
    ).catch(() => -1);
    if (count === rows) return { reused: true, ms: 0 };
    await withClient(adminUrl, (c) => c.query(`drop database ${SOURCE} with (force)`));
  }
  await withClient(adminUrl, (c) => c.query(`create database ${SOURCE}`));
  await withClient(databaseUrl(adminUrl, SOURCE), async (c) => {
    await c.query(`create table ${BENCH_TABLE} (
      id bigint primary key,
      email varchar(120) not null unique,
      phone varchar(40),
      first_name varchar(60) not null,
      last_name varchar(60) not null,
      iban varchar(40)
    )`);
    const batch = 200_000;
    for (let from = 1; from <= rows; from += batch) {
      const to = Math.min(rows, from + batch - 1);
      await c.query(
        `insert into ${BENCH_TABLE} (id, email, phone, first_name, last_name, iban)
         select i,
                'person.' || i || '@mail-' || (i % 7) || '.fr',
                '+33 6 ' || lpad(((i / 1000000) % 100)::text, 2, '0') || ' ' || lpad(((i / 10000) % 100)::text, 2, '0') || ' ' || lpad(((i / 100) % 100)::text, 2, '0') || ' ' || lpad((i % 100)::text, 2, '0'),
                (array['Amina','Bruno','Chloé','Dmitri','Élodie','Farid','Gaëlle','Hugo'])[1 + i % 8],
                (array['Benali','Durand','Moreau','Nguyen','Petit','Rousseau','Haddad','Martin'])[1 + (i / 8) % 8],
                'FR76 3000 6000 ' || lpad((i % 10000)::text, 4, '0') || ' ' || lpad(((i / 10000) % 10000)::text, 4, '0') || ' 7890 189'
         from generate_series(${from}, ${to}) as i`,
      );
    }
    await c.query(`vacuum analyze ${BENCH_TABLE}`);
  });
  return { reused: false, ms: performance.now() - started };
}

/**
 * A fresh copy of the source (`create database … template …`), for one run of one tool.
 *
 * @example
 * const copy = await freshCopy(adminUrl, 'dihya_bench_anonymize_run1')
 * await copy.drop()
 */
export async function freshCopy(adminUrl: string, name: string): Promise<{ url: string; drop(): Promise<void> }> {
  await withClient(adminUrl, async (c) => {
    await c.query(`drop database if exists ${name} with (force)`);
    await c.query(`create database ${name} template ${SOURCE}`);
  });
  return {
    url: databaseUrl(adminUrl, name),
    drop: () => withClient(adminUrl, (c) => c.query(`drop database if exists ${name} with (force)`)).then(() => undefined),
  };
}

/**
 * The baseline: one bare UPDATE setting every personal column to its md5 (no key, no format, no
 * batches, no check). Returns the elapsed milliseconds.
 *
 * @example
 * const ms = await bareMd5Update(copy.url)
 */
export async function bareMd5Update(url: string): Promise<number> {
  return withClient(url, async (c) => {
    const started = performance.now();
    await c.query(
      `update ${BENCH_TABLE} set email = md5(email), phone = md5(phone), first_name = md5(first_name), last_name = md5(last_name), iban = md5(iban)`,
    );
    return performance.now() - started;
  });
}
