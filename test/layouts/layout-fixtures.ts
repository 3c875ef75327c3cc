import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import mysql from 'mysql2/promise';
import pg from 'pg';
import { MYSQL_ADMIN_URL, PG_ADMIN_URL, createScratchDatabase, type Dialect, type ScratchDatabase } from '../helpers/databases.ts';

/** Writes `files` (relative paths, folders made) under `dir`. */
export function writeTree(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
}

/** A fresh database whose name carries this branch's name (`layouts`), dropped by `drop()`. */
export async function layoutsDatabase(dialect: Dialect): Promise<ScratchDatabase> {
  if (dialect === 'sqlite') return createScratchDatabase('sqlite');
  const name = `dihya_layouts_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  if (dialect === 'postgres') {
    const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
    await admin.connect();
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(PG_ADMIN_URL);
    url.pathname = `/${name}`;
    return {
      dialect,
      url: url.toString(),
      drop: async () => {
        const c = new pg.Client({ connectionString: PG_ADMIN_URL });
        await c.connect();
        await c.query(`drop database if exists ${name} with (force)`);
        await c.end();
      },
    };
  }
  const admin = await mysql.createConnection({ uri: MYSQL_ADMIN_URL });
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(MYSQL_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dialect,
    url: url.toString(),
    drop: async () => {
      const c = await mysql.createConnection({ uri: MYSQL_ADMIN_URL });
      await c.query(`drop database if exists ${name}`);
      await c.end();
    },
  };
}

/** The same small history (two tables, a row, a column) in every layout: file path -> text. */
export const LAYOUT_TREES: Record<'golang-migrate' | 'flyway' | 'prisma' | 'sqitch', Record<string, string>> = {
  'golang-migrate': {
    '000001_create_users.up.sql': 'BEGIN;\ncreate table users (id integer primary key, name varchar(40));\nCOMMIT;\n',
    '000001_create_users.down.sql': 'drop table users;\n',
    '000002_seed.up.sql': "insert into users (id, name) values (1, 'ada');\n",
    '000002_seed.down.sql': 'delete from users;\n',
    '000010_orders.up.sql': 'create table orders (id integer primary key, user_id integer);\n',
    '000010_orders.down.sql': 'drop table orders;\n',
  },
  flyway: {
    'V1__create_users.sql': 'create table users (id integer primary key, name varchar(40));\n',
    'U1__create_users.sql': 'drop view if exists user_names;\ndrop table users;\n',
    'V1.2__seed.sql': "insert into users (id, name) values (1, 'ada');\n",
    'U1.2__seed.sql': 'delete from users;\n',
    'V1.10__orders.sql': 'create table orders (id integer primary key, user_id integer);\n',
    'U1.10__orders.sql': 'drop table orders;\n',
    'R__user_names.sql': 'drop view if exists user_names;\ncreate view user_names as select name from users;\n',
  },
  prisma: {
    'migration_lock.toml': 'provider = "postgresql"\n',
    '20240101000000_create_users/migration.sql': '-- CreateTable\ncreate table users (id integer primary key, name varchar(40));\n',
    '20240102000000_seed/migration.sql': "insert into users (id, name) values (1, 'ada');\n",
    '20240103000000_orders/migration.sql': 'create table orders (id integer primary key, user_id integer);\n',
  },
  sqitch: {
    'sqitch.plan': [
      '%syntax-version=1.0.0',
      '%project=shop',
      '',
      'users 2024-01-01T00:00:00Z Planner <planner@example.invalid> # Creates the users table.',
      'seed [users] 2024-01-02T00:00:00Z Planner <planner@example.invalid> # First user.',
      '@v1.0 2024-01-02T00:00:01Z Planner <planner@example.invalid> # Tag v1.0.',
      'orders [users] 2024-01-03T00:00:00Z Planner <planner@example.invalid> # Orders.',
      '',
    ].join('\n'),
    'deploy/users.sql': '-- Deploy shop:users to pg\n\nBEGIN;\ncreate table users (id integer primary key, name varchar(40));\nCOMMIT;\n',
    'revert/users.sql': 'BEGIN;\ndrop table users;\nCOMMIT;\n',
    'verify/users.sql': 'BEGIN;\nselect id, name from users where 1 = 0;\nROLLBACK;\n',
    'deploy/seed.sql': "insert into users (id, name) values (1, 'ada');\n",
    'revert/seed.sql': 'delete from users;\n',
    'deploy/orders.sql': 'create table orders (id integer primary key, user_id integer);\n',
    'revert/orders.sql': 'drop table orders;\n',
    'verify/orders.sql': 'select id, user_id from orders where 1 = 0;\n',
  },
};
