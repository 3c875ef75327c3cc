import type pg from 'pg';

// Every value derives from the customer number `c` (ids, dates, choices), so a batch is plain
// INSERT … SELECT over generate_series. Per customer: 1–9 orders (5 on average, id c*10+k),
// 1–5 lines per order (3 on average), 10–30 events (20 on average, id c*100+e).
// Names are invented, e-mails are @example.test, IPs are in 192.0.2.0/24 (documentation range).
// Free text (bios, delivery notes, page titles, reviews) is words drawn from a small vocabulary by
// hashint8, so pg_dump's compression meets text that compresses like prose, not one repeated value.

const VOCABULARY = `the a quick parcel arrived late early today yesterday box blue red green small large order
delivery neighbour door gift kitchen garden lamp mug towel scarf tea oil notebook bottle gloves quality price
great good fine poor excellent would buy again recommend friend family colour size fits perfectly slightly
smaller bigger than expected soft warm sturdy light heavy cheap value service support reply quickly helpful
packaging recycled paper plastic damaged intact returned refund exchange week month weekend morning evening
city village street office shop online store website easy checkout payment card voucher discount sale new
classic modern handmade local organic fresh sweet bitter strong mild daily weekly present birthday holiday`
  .split(/\s+/)
  .map((word) => `'${word}'`)
  .join(',');

/**
 * SQL of a session-local function (pg_temp, so it never reaches the dump): `n` words picked by
 * hashint8 from `seed`.
 *
 * @example
 * await client.query(WORDS_FUNCTION_SQL) // then: SELECT pg_temp.bench_words(42, 12)
 */
export const WORDS_FUNCTION_SQL = `
CREATE FUNCTION pg_temp.bench_words(seed bigint, n int) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT string_agg(w[1 + abs(hashint8(seed * 64 + i) % cardinality(w))], ' ')
    FROM generate_series(1, n) AS i, (SELECT ARRAY[${VOCABULARY}]::text[] AS w) AS v
$$`;

const CUSTOMERS_SQL = `
INSERT INTO customers (id, email, full_name, country, signup_at, marketing_opt_in, profile)
SELECT c,
       'customer' || c || '@example.test',
       (ARRAY['Ada','Lina','Yanis','Malik','Sofia','Noah','Ines','Elias','Maya','Omar','Zoe','Rayan'])[1 + c % 12]
         || ' ' || (ARRAY['Sample','Example','Placeholder','Fictive','Testwood','Mockridge','Dummond','Fakely'])[1 + (c / 12) % 8],
       (ARRAY['FR','DZ','MA','TN','BE','CA','DE','ES','IT','GB'])[1 + (c * 7) % 10],
       timestamptz '2019-01-01 00:00:00+00' + ((c * 7919) % 63072000) * interval '1 second',
       c % 3 = 0,
       jsonb_build_object(
         'tier', (ARRAY['free','silver','gold'])[1 + c % 3],
         'locale', (ARRAY['fr-FR','ar-DZ','en-CA','de-DE','es-ES'])[1 + c % 5],
         'interests', jsonb_build_array((ARRAY['books','garden','music','sport','kitchen','travel'])[1 + c % 6],
                                        (ARRAY['cooking','cycling','films','games','hiking','photo'])[1 + (c / 6) % 6]),
         'referral_code', upper(substr(md5('ref' || c), 1, 10)),
         'bio', pg_temp.bench_words(c, 8 + (c % 20)::int))
  FROM generate_series($1::bigint, $2::bigint) AS c`;

const ORDERS_OF_CUSTOMERS = `
  FROM generate_series($1::bigint, $2::bigint) AS c,
       generate_series(1, 1 + ((c * 13) % 9)::int) AS k,
       LATERAL (SELECT c * 10 + k AS o) AS ord`;

const ORDERS_SQL = `
INSERT INTO orders (id, customer_id, status, placed_at, currency, total_cents, shipping_note)
SELECT o, c,
       (ARRAY['paid','shipped','delivered','delivered','delivered','cancelled','refunded'])[1 + (c * 3 + k) % 7],
       timestamptz '2020-01-01 00:00:00+00' + ((c * 104729 + k * 7919) % 157680000) * interval '1 second',
       (ARRAY['EUR','DZD','MAD','CAD','EUR'])[1 + c % 5],
       (SELECT sum((1 + (o * 7 + l) % 4) * (199 + ((o * 31 + l * 17) % 200) * 50)) FROM generate_series(1, 1 + (o % 5)::int) AS l),
       CASE WHEN k % 3 = 0 THEN 'Building ' || (c % 40 + 1) || ', floor ' || (k % 9) || ': ' || pg_temp.bench_words(o, 4 + (o % 9)::int) END
${ORDERS_OF_CUSTOMERS}`;

const ORDER_LINES_SQL = `
INSERT INTO order_lines (order_id, line_no, sku, product_name, quantity, unit_price_cents)
SELECT o, l,
       'SKU-' || lpad(((o * 31 + l * 17) % 5000)::text, 5, '0'),
       (ARRAY['Ceramic mug','Linen towel','Desk lamp','Notebook A5','Olive oil 1 L','Wool scarf','Phone case','Tea sampler','Garden gloves','Water bottle'])[1 + (o * 31 + l * 17) % 10]
         || ', ' || (ARRAY['blue','sand','black','green','red'])[1 + (o + l) % 5],
       1 + (o * 7 + l) % 4,
       199 + ((o * 31 + l * 17) % 200) * 50
${ORDERS_OF_CUSTOMERS},
       generate_series(1, 1 + (o % 5)::int) AS l`;

const EVENTS_SQL = `
INSERT INTO events (id, customer_id, kind, occurred_at, payload)
SELECT c * 100 + e, c, kind,
       timestamptz '2021-01-01 00:00:00+00' + ((c * 15485863 + e * 104729) % 126144000) * interval '1 second',
       jsonb_build_object(
         'session', md5(c || '-' || (e / 5)),
         'request_id', md5('req' || c || '-' || e),
         'path', '/catalog/' || (ARRAY['kitchen','garden','books','music','sport'])[1 + e % 5] || '/item-' || ((c * 31 + e) % 5000),
         'user_agent', (ARRAY['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0',
                              'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15',
                              'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36',
                              'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Mobile Safari/537.36'])[1 + c % 4],
         'ip', '192.0.2.' || (c % 254 + 1),
         'title', pg_temp.bench_words(c * 100 + e, 3 + e % 6),
         'duration_ms', (c * 7 + e * 13) % 30000)
       || CASE kind
            WHEN 'search' THEN jsonb_build_object('query', (ARRAY['red mug','linen','desk lamp led','olive oil','wool scarf','tea gift'])[1 + (c + e) % 6], 'results', (c * e) % 120)
            WHEN 'review' THEN jsonb_build_object('rating', 1 + (c + e) % 5, 'text', pg_temp.bench_words(-(c * 100 + e), 15 + ((c + e) % 26)::int))
            WHEN 'add_to_cart' THEN jsonb_build_object('sku', 'SKU-' || lpad(((c * 17 + e) % 5000)::text, 5, '0'), 'quantity', 1 + e % 3)
            ELSE '{}'::jsonb
          END
  FROM generate_series($1::bigint, $2::bigint) AS c,
       generate_series(1, 10 + ((c * 7) % 21)::int) AS e,
       LATERAL (SELECT (ARRAY['page_view','page_view','review','search','add_to_cart','checkout','login','logout'])[1 + (c * 5 + e * 3) % 8] AS kind) AS k`;

/**
 * Inserts customers `first`..`last` (inclusive) with their orders, order lines and events, one
 * INSERT … SELECT per table, in one transaction. Needs {@link WORDS_FUNCTION_SQL} run first in
 * the same session.
 *
 * @example
 * await fillBatch(client, 1, 2000)
 */
export async function fillBatch(client: pg.Client, first: number, last: number): Promise<void> {
  await client.query('BEGIN');
  try {
    for (const text of [CUSTOMERS_SQL, ORDERS_SQL, ORDER_LINES_SQL, EVENTS_SQL]) await client.query(text, [first, last]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}
