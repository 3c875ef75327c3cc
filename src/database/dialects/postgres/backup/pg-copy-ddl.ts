import type { PgCopyCatalog, PgCopyColumn, PgCopySequence, PgCopyView } from './pg-copy-catalog.ts';
import { pgAclSql, quotePgIdent, quotePgLiteral } from '../session/pg-sql-text.ts';

/**
 * The DDL run before the data is loaded: schemas (owner, privileges, comment), enum types,
 * sequences, functions, tables with their columns, defaults, identity, generated columns and
 * NOT NULL (no other constraint yet), sequence ownership and values.
 *
 * @example
 * await writeFile(path.join(dir, 'pre-data.sql'), pgCopyPreDataSql(await readPgCopyCatalog(client, 15)))
 */
export function pgCopyPreDataSql(catalog: PgCopyCatalog): string {
  const out: string[] = [];
  for (const schema of catalog.schemas) {
    const name = quotePgIdent(schema.name);
    if (schema.name !== 'public') out.push(`CREATE SCHEMA ${name};`);
    out.push(`ALTER SCHEMA ${name} OWNER TO ${quotePgIdent(schema.owner)};`);
    // public comes back from the reset with initdb's privileges: set them even when the ACL is NULL (default).
    const acl = schema.acl ?? (schema.name === 'public' ? [{ grantee: schema.owner, privilege: 'ALL', grantable: false }] : null);
    if (acl) out.push(pgAclSql('SCHEMA', name, schema.owner, acl).trimEnd());
    if (schema.comment !== null || schema.name === 'public') out.push(`COMMENT ON SCHEMA ${name} IS ${quotePgLiteral(schema.comment)};`);
  }
  for (const type of catalog.enums) {
    out.push(`CREATE TYPE ${type.name} AS ENUM (${type.labels.map(quotePgLiteral).join(', ')});`);
    out.push(`ALTER TYPE ${type.name} OWNER TO ${quotePgIdent(type.owner)};`);
  }
  for (const sequence of catalog.sequences) {
    if (sequence.identityOf) continue;
    out.push(`CREATE SEQUENCE ${sequence.name} AS ${sequence.type} ${sequenceOptions(sequence)};`);
    out.push(`ALTER SEQUENCE ${sequence.name} OWNER TO ${quotePgIdent(sequence.owner)};`);
  }
  const functionSql = (late: boolean) => {
    for (const fn of catalog.functions.filter((f) => f.late === late)) {
      out.push(`${fn.definition.trimEnd()};`);
      out.push(`ALTER ${fn.kind} ${fn.signature} OWNER TO ${quotePgIdent(fn.owner)};`);
      if (fn.acl) out.push(pgAclSql(fn.kind, fn.signature, fn.owner, fn.acl).trimEnd());
    }
  };
  functionSql(false);
  for (const table of catalog.tables) {
    const identity = catalog.sequences.filter((s) => s.identityOf?.table === table.oid);
    const columns = table.columns.map(
      (column) =>
        `    ${columnSql(
          column,
          identity.find((s) => s.identityOf!.column === column.name),
        )}`,
    );
    const options = table.options ? ` WITH (${table.options.join(', ')})` : '';
    out.push(`CREATE ${table.unlogged ? 'UNLOGGED ' : ''}TABLE ${table.name} (\n${columns.join(',\n')}\n)${options};`);
    out.push(`ALTER TABLE ${table.name} OWNER TO ${quotePgIdent(table.owner)};`);
    if (table.comment !== null) out.push(`COMMENT ON TABLE ${table.name} IS ${quotePgLiteral(table.comment)};`);
    for (const column of table.columns) {
      if (column.comment !== null) out.push(`COMMENT ON COLUMN ${table.name}.${quotePgIdent(column.name)} IS ${quotePgLiteral(column.comment)};`);
    }
    if (table.acl) out.push(pgAclSql('TABLE', table.name, table.owner, table.acl).trimEnd());
  }
  for (const sequence of catalog.sequences) {
    if (sequence.ownedBy) out.push(`ALTER SEQUENCE ${sequence.name} OWNED BY ${sequence.ownedBy};`);
    if (sequence.acl) out.push(pgAclSql('SEQUENCE', sequence.name, sequence.owner, sequence.acl).trimEnd());
    out.push(`SELECT pg_catalog.setval(${quotePgLiteral(sequence.name)}, ${sequence.lastValue}, ${sequence.isCalled});`);
  }
  functionSql(true);
  return `${out.join('\n')}\n`;
}

/**
 * The DDL run after the data: primary key, unique and exclusion constraints, indexes, check
 * and foreign key constraints, views (in dependency order), triggers (so they do not fire
 * while loading), row-level security and its policies.
 *
 * @example
 * await writeFile(path.join(dir, 'post-data.sql'), pgCopyPostDataSql(catalog))
 */
export function pgCopyPostDataSql(catalog: PgCopyCatalog): string {
  const out: string[] = [];
  const addConstraints = (types: string[]) => {
    for (const c of catalog.constraints.filter((c) => types.includes(c.type))) {
      out.push(`ALTER TABLE ONLY ${c.table} ADD CONSTRAINT ${quotePgIdent(c.name)} ${c.definition};`);
    }
  };
  addConstraints(['p', 'u', 'x']);
  for (const index of catalog.indexes) out.push(`${index};`);
  addConstraints(['c', 'f']);
  for (const view of viewsInDependencyOrder(catalog.views)) {
    const options = view.options ? ` WITH (${view.options.join(', ')})` : '';
    out.push(`CREATE VIEW ${view.name}${options} AS\n${view.definition.trim().replace(/;$/, '')};`);
    out.push(`ALTER VIEW ${view.name} OWNER TO ${quotePgIdent(view.owner)};`);
    if (view.comment !== null) out.push(`COMMENT ON VIEW ${view.name} IS ${quotePgLiteral(view.comment)};`);
    if (view.acl) out.push(pgAclSql('TABLE', view.name, view.owner, view.acl).trimEnd());
  }
  for (const trigger of catalog.triggers) {
    out.push(`${trigger.definition};`);
    const state = { D: 'DISABLE', R: 'ENABLE REPLICA', A: 'ENABLE ALWAYS' }[trigger.enabled];
    if (state) out.push(`ALTER TABLE ${trigger.table} ${state} TRIGGER ${quotePgIdent(trigger.name)};`);
  }
  for (const table of catalog.tables) {
    if (table.rowSecurity) out.push(`ALTER TABLE ${table.name} ENABLE ROW LEVEL SECURITY;`);
    if (table.forceRowSecurity) out.push(`ALTER TABLE ${table.name} FORCE ROW LEVEL SECURITY;`);
  }
  for (const policy of catalog.policies) {
    const command = { r: 'SELECT', a: 'INSERT', w: 'UPDATE', d: 'DELETE', '*': 'ALL' }[policy.command] ?? 'ALL';
    const roles = policy.roles.map((r) => (r === null ? 'PUBLIC' : quotePgIdent(r))).join(', ');
    let sql = `CREATE POLICY ${quotePgIdent(policy.name)} ON ${policy.table} AS ${policy.permissive ? 'PERMISSIVE' : 'RESTRICTIVE'} FOR ${command} TO ${roles}`;
    if (policy.using !== null) sql += ` USING (${policy.using})`;
    if (policy.withCheck !== null) sql += ` WITH CHECK (${policy.withCheck})`;
    out.push(`${sql};`);
  }
  return `${out.join('\n')}\n`;
}

function columnSql(column: PgCopyColumn, identitySequence: PgCopySequence | undefined): string {
  let sql = `${quotePgIdent(column.name)} ${column.type}`;
  if (column.collation) sql += ` COLLATE ${column.collation}`;
  if (column.generated === 's') sql += ` GENERATED ALWAYS AS (${column.defaultExpr}) STORED`;
  else if (column.identity === 'a' || column.identity === 'd') {
    const kind = column.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT';
    const options = identitySequence ? ` (SEQUENCE NAME ${identitySequence.name} ${sequenceOptions(identitySequence)})` : '';
    sql += ` GENERATED ${kind} AS IDENTITY${options}`;
  } else if (column.defaultExpr !== null) sql += ` DEFAULT ${column.defaultExpr}`;
  if (column.notNull) sql += ' NOT NULL';
  return sql;
}

function sequenceOptions(s: PgCopySequence): string {
  return `START WITH ${s.start} INCREMENT BY ${s.increment} MINVALUE ${s.min} MAXVALUE ${s.max} CACHE ${s.cache}${s.cycle ? ' CYCLE' : ' NO CYCLE'}`;
}

/** Views sorted so each comes after the views it reads from (ties keep catalog order). */
function viewsInDependencyOrder(views: readonly PgCopyView[]): PgCopyView[] {
  const byOid = new Map(views.map((v) => [v.oid, v]));
  const done = new Set<number>();
  const visiting = new Set<number>();
  const sorted: PgCopyView[] = [];
  const visit = (view: PgCopyView) => {
    if (done.has(view.oid) || visiting.has(view.oid)) return;
    visiting.add(view.oid);
    for (const dep of view.dependsOn) {
      const other = byOid.get(dep);
      if (other) visit(other);
    }
    visiting.delete(view.oid);
    done.add(view.oid);
    sorted.push(view);
  };
  for (const view of views) visit(view);
  return sorted;
}
