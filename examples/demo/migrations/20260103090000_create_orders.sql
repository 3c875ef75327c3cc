-- Orders, each belonging to a customer
-- migrate:up
create table orders (
  id integer primary key,
  customer_id integer not null references customers (id),
  total_cents integer not null check (total_cents >= 0)
);
create index orders_customer_id on orders (customer_id);
insert into orders (id, customer_id, total_cents) values (1, 1, 1250), (2, 1, 990), (3, 3, 4200);

-- migrate:down
drop table orders;
