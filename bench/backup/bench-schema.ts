/**
 * Tables of the benchmark database: a small shop. Primary keys and the secondary indexes are
 * created before the data (so the size measured while filling includes them); foreign keys are
 * added afterwards ({@link BENCH_FOREIGN_KEYS_SQL}), one validating join each instead of a check per row.
 *
 * @example
 * await client.query(BENCH_TABLES_SQL)
 */
export const BENCH_TABLES_SQL = `
CREATE TABLE customers (
  id               bigint PRIMARY KEY,
  email            text NOT NULL,
  full_name        text NOT NULL,
  country          char(2) NOT NULL,
  signup_at        timestamptz NOT NULL,
  marketing_opt_in boolean NOT NULL DEFAULT false,
  profile          jsonb NOT NULL DEFAULT '{}'
);
CREATE UNIQUE INDEX customers_email_key ON customers (email);

CREATE TABLE orders (
  id            bigint PRIMARY KEY,
  customer_id   bigint NOT NULL,
  status        text NOT NULL CHECK (status IN ('paid', 'shipped', 'delivered', 'cancelled', 'refunded')),
  placed_at     timestamptz NOT NULL,
  currency      char(3) NOT NULL,
  total_cents   bigint NOT NULL CHECK (total_cents >= 0),
  shipping_note text
);
CREATE INDEX orders_customer_placed_idx ON orders (customer_id, placed_at);

CREATE TABLE order_lines (
  order_id         bigint NOT NULL,
  line_no          integer NOT NULL,
  sku              text NOT NULL,
  product_name     text NOT NULL,
  quantity         integer NOT NULL CHECK (quantity > 0),
  unit_price_cents integer NOT NULL CHECK (unit_price_cents >= 0),
  PRIMARY KEY (order_id, line_no)
);

CREATE TABLE events (
  id          bigint PRIMARY KEY,
  customer_id bigint,
  kind        text NOT NULL,
  occurred_at timestamptz NOT NULL,
  payload     jsonb NOT NULL
);
CREATE INDEX events_occurred_at_idx ON events (occurred_at);
`;

/**
 * The foreign keys, added once the tables are filled.
 *
 * @example
 * await client.query(BENCH_FOREIGN_KEYS_SQL)
 */
export const BENCH_FOREIGN_KEYS_SQL = `
ALTER TABLE orders ADD CONSTRAINT orders_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id);
ALTER TABLE order_lines ADD CONSTRAINT order_lines_order_id_fkey FOREIGN KEY (order_id) REFERENCES orders (id) ON DELETE CASCADE;
ALTER TABLE events ADD CONSTRAINT events_customer_id_fkey FOREIGN KEY (customer_id) REFERENCES customers (id) ON DELETE SET NULL;
`;

/** The benchmark's tables, in the order they are filled. */
export const BENCH_TABLES = ['customers', 'orders', 'order_lines', 'events'] as const;
