-- Create the customers table and seed three fictitious customers
-- migrate:up
create table customers (
  id integer primary key,
  full_name varchar(200) not null,
  email varchar(320) not null,
  created_at varchar(32) not null
);
insert into customers (id, full_name, email, created_at) values
  (1, 'Ada Example', 'Ada.Example@Example.org', '2026-01-01T09:00:00Z'),
  (2, 'Brahim Sample', 'brahim.sample@example.org', '2026-01-01T09:05:00Z'),
  (3, 'Chloé Test', 'CHLOE.TEST@EXAMPLE.ORG', '2026-01-01T09:10:00Z');

-- migrate:down
drop table customers;
