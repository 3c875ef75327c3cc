import { DatabaseSync } from 'node:sqlite';
import type { Dialect } from './databases.ts';
import { withMysql, withPg } from './databases.ts';

/** Everything a restore must bring back: the structure (catalog text) and all rows of all tables, ordered. */
export interface DatabaseSnapshot {
  structure: Record<string, unknown>;
  content: Record<string, unknown[]>;
}

/** Reads structure and content of the database at `url` with the raw drivers (independent of the code under test). */
export async function snapshotDatabase(dialect: Dialect, url: string, file?: string): Promise<DatabaseSnapshot> {
  if (dialect === 'sqlite') return snapshotSqlite(file ?? url.replace(/^sqlite:/, ''));
  if (dialect === 'postgres') return snapshotPostgres(url);
  return snapshotMysql(url);
}

function snapshotSqlite(file: string): DatabaseSnapshot {
  const db = new DatabaseSync(file, { readOnly: true });
  try {
    const master = db.prepare('select type, name, tbl_name, sql from sqlite_master order by type, name').all() as { type: string; name: string }[];
    const content: Record<string, unknown[]> = {};
    for (const { name } of master.filter((m) => m.type === 'table')) {
      const columns = (db.prepare(`select count(*) as n from pragma_table_info('${name}')`).get() as { n: number }).n;
      const order = Array.from({ length: columns }, (_, i) => i + 1).join(', ');
      content[name] = db
        .prepare(`select * from "${name}" order by ${order}`)
        .all()
        .map((row) => ({ ...(row as object) }));
    }
    return { structure: { master: master.map((m) => ({ ...m })), userVersion: db.prepare('pragma user_version').get() }, content };
  } finally {
    db.close();
  }
}

/** SQL condition: `column` names a user schema. */
function pgUser(column: string): string {
  return `${column} not in ('pg_catalog', 'information_schema', 'pg_toast') and ${column} not like 'pg\\_temp%' and ${column} not like 'pg\\_toast\\_temp%'`;
}

async function snapshotPostgres(url: string): Promise<DatabaseSnapshot> {
  return withPg(async (c) => {
    const rows = async (text: string) => (await c.query(text)).rows;
    const structure = {
      schemas: await rows(`select nspname, pg_get_userbyid(nspowner) as owner, nspacl::text as acl, obj_description(oid, 'pg_namespace') as comment
        from pg_namespace where ${pgUser('nspname')} order by 1`),
      relations:
        await rows(`select n.nspname, c.relname, c.relkind, c.relpersistence, c.reloptions, pg_get_userbyid(c.relowner) as owner, c.relacl::text as acl,
          obj_description(c.oid, 'pg_class') as comment
        from pg_class c join pg_namespace n on n.oid = c.relnamespace where ${pgUser('n.nspname')} order by 1, 2`),
      columns: await rows(`select table_schema, table_name, column_name, ordinal_position, data_type, udt_schema, udt_name, is_nullable, column_default,
          is_identity, identity_generation, identity_start, identity_increment, is_generated, generation_expression, collation_name,
          character_maximum_length, numeric_precision, numeric_scale
        from information_schema.columns where ${pgUser('table_schema')} order by 1, 2, 4`),
      constraints: await rows(`select conrelid::regclass::text as rel, conname, contype, pg_get_constraintdef(c.oid) as def
        from pg_constraint c join pg_namespace n on n.oid = c.connamespace where ${pgUser('n.nspname')} order by 1, 2`),
      indexes: await rows(`select schemaname, tablename, indexname, indexdef from pg_indexes where ${pgUser('schemaname')} order by 1, 2, 3`),
      views: await rows(`select schemaname, viewname, definition from pg_views where ${pgUser('schemaname')} order by 1, 2`),
      triggers: await rows(
        `select tgrelid::regclass::text as rel, tgname, pg_get_triggerdef(oid) as def, tgenabled from pg_trigger where not tgisinternal order by 1, 2`,
      ),
      functions:
        await rows(`select p.oid::regprocedure::text as sig, pg_get_functiondef(p.oid) as def, pg_get_userbyid(p.proowner) as owner, p.proacl::text as acl
        from pg_proc p join pg_namespace n on n.oid = p.pronamespace where ${pgUser('n.nspname')} order by 1`),
      enums: await rows(`select t.typname, e.enumlabel, e.enumsortorder from pg_enum e join pg_type t on t.oid = e.enumtypid order by 1, 3`),
      sequences: await rows(`select schemaname, sequencename, data_type::text, start_value, min_value, max_value, increment_by, cycle, cache_size, last_value
        from pg_sequences order by 1, 2`),
    };
    const tables = await rows(`select format('%I.%I', schemaname, tablename) as name from pg_tables where ${pgUser('schemaname')} order by 1`);
    const content: Record<string, unknown[]> = {};
    for (const { name } of tables as { name: string }[]) content[name] = await rows(`select * from ${name} t order by t::text`);
    return { structure, content };
  }, url);
}

async function snapshotMysql(url: string): Promise<DatabaseSnapshot> {
  return withMysql(async (c) => {
    const rows = async (text: string, values: unknown[] = []) => (await c.query(text, values))[0] as Record<string, unknown>[];
    const relations = await rows('select table_name as name, table_type as type from information_schema.tables where table_schema = database() order by 1');
    const tables: Record<string, unknown> = {};
    const content: Record<string, unknown[]> = {};
    for (const { name, type } of relations as { name: string; type: string }[]) {
      if (type === 'VIEW') {
        tables[name] = (await rows(`show create view \`${name}\``))[0]!['Create View'];
      } else if (type === 'SEQUENCE') {
        tables[name] = { create: (await rows(`show create sequence \`${name}\``))[0]!['Create Table'], state: await rows(`select * from \`${name}\``) };
      } else {
        tables[name] = (await rows(`show create table \`${name}\``))[0]!['Create Table'];
        const columns = (await rows('select count(*) as n from information_schema.columns where table_schema = database() and table_name = ?', [name]))[0]!.n;
        const order = Array.from({ length: Number(columns) }, (_, i) => i + 1).join(', ');
        content[name] = await rows(`select * from \`${name}\` order by ${order}`);
      }
    }
    const structure = {
      tables,
      triggers: await rows(`select trigger_name, event_manipulation, event_object_table, action_order, action_statement, action_timing, sql_mode, definer,
          character_set_client, collation_connection from information_schema.triggers where trigger_schema = database() order by 1`),
      routines:
        await rows(`select routine_name, routine_type, dtd_identifier, routine_definition, is_deterministic, sql_data_access, security_type, sql_mode, definer,
          character_set_client, collation_connection from information_schema.routines where routine_schema = database() order by 1`),
      parameters: await rows(`select specific_name, ordinal_position, parameter_mode, parameter_name, dtd_identifier from information_schema.parameters
          where specific_schema = database() order by 1, 2`),
      events: await rows(`select event_name, event_definition, interval_value, interval_field, starts, status, sql_mode, time_zone, on_completion, definer
          from information_schema.events where event_schema = database() order by 1`),
    };
    return { structure, content };
  }, url);
}
