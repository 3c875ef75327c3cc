import { describe, expect, it } from 'vitest';
import type { PgCopyCatalog, PgCopySequence, PgCopyTable } from '../../src/database/dialects/postgres/backup/pg-copy-catalog.ts';
import { pgCopyPostDataSql, pgCopyPreDataSql } from '../../src/database/dialects/postgres/backup/pg-copy-ddl.ts';
import { pgToolConnection } from '../../src/database/dialects/postgres/session/pg-tool-env.ts';

function emptyCatalog(): PgCopyCatalog {
  return { schemas: [], enums: [], sequences: [], functions: [], tables: [], constraints: [], indexes: [], views: [], triggers: [], policies: [] };
}

function sequence(over: Partial<PgCopySequence>): PgCopySequence {
  return {
    name: 'public.s',
    owner: 'app',
    type: 'bigint',
    start: '1',
    increment: '1',
    min: '1',
    max: '100',
    cache: '1',
    cycle: false,
    ownedBy: null,
    identityOf: null,
    lastValue: '1',
    isCalled: false,
    acl: null,
    ...over,
  };
}

function table(over: Partial<PgCopyTable>): PgCopyTable {
  return {
    oid: 1,
    name: 'public.t',
    owner: 'app',
    unlogged: false,
    options: null,
    comment: null,
    rowSecurity: false,
    forceRowSecurity: false,
    acl: null,
    columns: [],
    ...over,
  };
}

describe('pg-copy DDL text', () => {
  it('schemas: public keeps initdb privileges and comment, other schemas are created with their ACL and comment', () => {
    const catalog = emptyCatalog();
    catalog.schemas = [
      { name: 'public', owner: 'pg_database_owner', acl: null, comment: null },
      { name: 'billing', owner: 'app', acl: [{ grantee: null, privilege: 'USAGE', grantable: false }], comment: "it's billing" },
      { name: 'plain', owner: 'app', acl: null, comment: null },
    ];
    const sql = pgCopyPreDataSql(catalog);
    expect(sql).not.toContain('CREATE SCHEMA "public"');
    expect(sql).toContain('GRANT ALL ON SCHEMA "public" TO "pg_database_owner";');
    expect(sql).toContain('COMMENT ON SCHEMA "public" IS NULL;');
    expect(sql).toContain('CREATE SCHEMA "billing";');
    expect(sql).toContain('GRANT USAGE ON SCHEMA "billing" TO PUBLIC;');
    expect(sql).toContain(`COMMENT ON SCHEMA "billing" IS 'it''s billing';`);
    expect(sql).toContain('CREATE SCHEMA "plain";');
    expect(sql).not.toContain('ON SCHEMA "plain"');
  });

  it('sequences, identity columns, generated columns, functions (early and late) and table options', () => {
    const catalog = emptyCatalog();
    catalog.enums = [{ name: 'public.mood', owner: 'app', labels: ['ok', "n't"] }];
    catalog.sequences = [
      sequence({
        name: 'public.serial_seq',
        ownedBy: 'public.t.n',
        cycle: true,
        acl: [{ grantee: 'reader', privilege: 'SELECT', grantable: true }],
        lastValue: '7',
        isCalled: true,
      }),
      sequence({ name: 'public.t_id_seq', identityOf: { table: 1, column: 'id' } }),
    ];
    catalog.functions = [
      {
        signature: 'public.early()',
        kind: 'FUNCTION',
        definition: 'CREATE FUNCTION public.early() RETURNS int LANGUAGE sql AS $$ select 1 $$\n',
        owner: 'app',
        acl: null,
        late: false,
      },
      {
        signature: 'public.late(public.t)',
        kind: 'PROCEDURE',
        definition: 'CREATE PROCEDURE public.late(public.t) LANGUAGE sql BEGIN ATOMIC select 1; END',
        owner: 'app',
        acl: [{ grantee: 'app', privilege: 'EXECUTE', grantable: false }],
        late: true,
      },
    ];
    catalog.tables = [
      table({
        unlogged: true,
        options: ['fillfactor=70'],
        comment: 'the t',
        acl: [{ grantee: 'reader', privilege: 'SELECT', grantable: false }],
        columns: [
          { name: 'id', type: 'bigint', notNull: true, defaultExpr: null, identity: 'a', generated: '', collation: null, comment: 'key' },
          { name: 'd', type: 'integer', notNull: false, defaultExpr: null, identity: 'd', generated: '', collation: null, comment: null },
          { name: 'name', type: 'text', notNull: false, defaultExpr: "'x'::text", identity: '', generated: '', collation: 'pg_catalog."C"', comment: null },
          { name: 'up', type: 'text', notNull: false, defaultExpr: 'upper(name)', identity: '', generated: 's', collation: null, comment: null },
          { name: 'n', type: 'integer', notNull: false, defaultExpr: null, identity: '', generated: '', collation: null, comment: null },
        ],
      }),
      table({
        oid: 2,
        name: 'public.plain',
        columns: [{ name: 'v', type: 'text', notNull: false, defaultExpr: null, identity: '', generated: '', collation: null, comment: null }],
      }),
    ];
    const sql = pgCopyPreDataSql(catalog);
    expect(sql).toContain('CREATE TABLE public.plain (\n    "v" text\n);');
    expect(sql).not.toContain('ON TABLE public.plain');
    expect(sql).toContain(`CREATE TYPE public.mood AS ENUM ('ok', 'n''t');`);
    expect(sql).toContain('CREATE SEQUENCE public.serial_seq AS bigint START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 100 CACHE 1 CYCLE;');
    // The identity sequence is not created on its own: the column's GENERATED clause names it.
    expect(sql).not.toContain('CREATE SEQUENCE public.t_id_seq');
    expect(sql).toContain(
      '"id" bigint GENERATED ALWAYS AS IDENTITY (SEQUENCE NAME public.t_id_seq START WITH 1 INCREMENT BY 1 MINVALUE 1 MAXVALUE 100 CACHE 1 NO CYCLE) NOT NULL',
    );
    expect(sql).toContain('"d" integer GENERATED BY DEFAULT AS IDENTITY,');
    expect(sql).toContain(`"name" text COLLATE pg_catalog."C" DEFAULT 'x'::text`);
    expect(sql).toContain('"up" text GENERATED ALWAYS AS (upper(name)) STORED');
    expect(sql).toContain('CREATE UNLOGGED TABLE public.t (');
    expect(sql).toContain(') WITH (fillfactor=70);');
    expect(sql).toContain(`COMMENT ON TABLE public.t IS 'the t';`);
    expect(sql).toContain(`COMMENT ON COLUMN public.t."id" IS 'key';`);
    expect(sql).toContain('GRANT SELECT ON TABLE public.t TO "reader";');
    expect(sql).toContain('ALTER SEQUENCE public.serial_seq OWNED BY public.t.n;');
    expect(sql).toContain('GRANT SELECT ON SEQUENCE public.serial_seq TO "reader" WITH GRANT OPTION;');
    expect(sql).toContain(`SELECT pg_catalog.setval('public.serial_seq', 7, true);`);
    expect(sql).toContain('GRANT EXECUTE ON PROCEDURE public.late(public.t) TO "app";');
    // Early functions come before the tables, late ones after the sequences' values.
    expect(sql.indexOf('public.early()')).toBeLessThan(sql.indexOf('CREATE UNLOGGED TABLE'));
    expect(sql.indexOf('CREATE PROCEDURE public.late')).toBeGreaterThan(sql.indexOf('setval'));
  });

  it('post-data: constraints in two waves, views in dependency order, trigger states, RLS and policies', () => {
    const catalog = emptyCatalog();
    catalog.tables = [table({ rowSecurity: true, forceRowSecurity: true }), table({ oid: 2, name: 'public.u' })];
    catalog.constraints = [
      { table: 'public.t', name: 't_fk', type: 'f', definition: 'FOREIGN KEY (u) REFERENCES public.u(id)' },
      { table: 'public.t', name: 't_pk', type: 'p', definition: 'PRIMARY KEY (id)' },
    ];
    catalog.indexes = ['CREATE INDEX t_name ON public.t USING btree (name)'];
    const view = { definition: ' SELECT 1;', options: null, owner: 'app', acl: null, comment: null };
    catalog.views = [
      { ...view, oid: 10, name: 'public.top', dependsOn: [11, 99] },
      {
        ...view,
        oid: 11,
        name: 'public.base',
        dependsOn: [10],
        options: ['security_barrier=true'],
        comment: 'base',
        acl: [{ grantee: null, privilege: 'SELECT', grantable: false }],
      },
    ];
    catalog.triggers = [
      { table: 'public.t', name: 'off', definition: 'CREATE TRIGGER off AFTER INSERT ON public.t FOR EACH ROW EXECUTE FUNCTION f()', enabled: 'D' },
      { table: 'public.t', name: 'rep', definition: 'CREATE TRIGGER rep …', enabled: 'R' },
      { table: 'public.t', name: 'alw', definition: 'CREATE TRIGGER alw …', enabled: 'A' },
      { table: 'public.t', name: 'on', definition: 'CREATE TRIGGER on …', enabled: 'O' },
    ];
    catalog.policies = [
      { table: 'public.t', name: 'p_read', permissive: true, command: 'r', roles: [null], using: 'true', withCheck: null },
      { table: 'public.t', name: 'p_all', permissive: false, command: '?', roles: ['app', 'reader'], using: null, withCheck: 'n > 0' },
    ];
    const sql = pgCopyPostDataSql(catalog);
    expect(sql.indexOf('t_pk')).toBeLessThan(sql.indexOf('CREATE INDEX t_name'));
    expect(sql.indexOf('CREATE INDEX t_name')).toBeLessThan(sql.indexOf('t_fk'));
    // A cycle between views does not loop forever; the view read from comes first.
    expect(sql.indexOf('CREATE VIEW public.base')).toBeLessThan(sql.indexOf('CREATE VIEW public.top'));
    expect(sql).toContain('CREATE VIEW public.base WITH (security_barrier=true) AS\nSELECT 1;');
    expect(sql).toContain(`COMMENT ON VIEW public.base IS 'base';`);
    expect(sql).toContain('GRANT SELECT ON TABLE public.base TO PUBLIC;');
    expect(sql).toContain('ALTER TABLE public.t DISABLE TRIGGER "off";');
    expect(sql).toContain('ALTER TABLE public.t ENABLE REPLICA TRIGGER "rep";');
    expect(sql).toContain('ALTER TABLE public.t ENABLE ALWAYS TRIGGER "alw";');
    expect(sql).not.toContain('TRIGGER "on";');
    expect(sql).toContain('ALTER TABLE public.t ENABLE ROW LEVEL SECURITY;');
    expect(sql).toContain('ALTER TABLE public.t FORCE ROW LEVEL SECURITY;');
    expect(sql).not.toContain('ALTER TABLE public.u ENABLE ROW LEVEL SECURITY');
    expect(sql).toContain('CREATE POLICY "p_read" ON public.t AS PERMISSIVE FOR SELECT TO PUBLIC USING (true);');
    expect(sql).toContain('CREATE POLICY "p_all" ON public.t AS RESTRICTIVE FOR ALL TO "app", "reader" WITH CHECK (n > 0);');
  });
});

describe('libpq tool environment', () => {
  it('maps the URL and its libpq parameters to PG* variables, the password only in PGPASSWORD', () => {
    const { env, password } = pgToolConnection(
      'postgres://app%40x:p%40ss@[::1]:6543/sh%20op?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/c.pem&sslkey=/k.pem&sslcrl=/crl.pem&connect_timeout=5&options=-c%20x%3D1&target_session_attrs=read-write&unknown=1',
    );
    expect(password).toBe('p@ss');
    expect(env).toMatchObject({
      PGHOST: '::1',
      PGPORT: '6543',
      PGUSER: 'app@x',
      PGDATABASE: 'sh op',
      PGPASSWORD: 'p@ss',
      PGSSLMODE: 'verify-full',
      PGSSLROOTCERT: '/ca.pem',
      PGSSLCERT: '/c.pem',
      PGSSLKEY: '/k.pem',
      PGSSLCRL: '/crl.pem',
      PGCONNECT_TIMEOUT: '5',
      PGOPTIONS: '-c x=1',
      PGTARGETSESSIONATTRS: 'read-write',
    });
    expect(Object.values(env)).not.toContain('1');
  });

  it('defaults port and user, has no PGPASSWORD without a password, honours ssl=true and a socket host', () => {
    const { env, password } = pgToolConnection('postgres://db/shop?ssl=true&host=/var/run/postgresql');
    expect(password).toBeUndefined();
    expect(env.PGPASSWORD).toBeUndefined();
    expect(env).toMatchObject({ PGHOST: '/var/run/postgresql', PGPORT: '5432', PGUSER: 'postgres', PGDATABASE: 'shop', PGSSLMODE: 'require' });
    // An explicit sslmode wins over ssl=1; ssl=false and a TCP host= parameter change nothing.
    expect(pgToolConnection('postgres://db/shop?sslmode=disable&ssl=1').env.PGSSLMODE).toBe('disable');
    const plain = pgToolConnection('postgres://db/shop?ssl=false&host=other').env;
    expect(plain.PGSSLMODE).toBeUndefined();
    expect(plain.PGHOST).toBe('db');
  });
});
