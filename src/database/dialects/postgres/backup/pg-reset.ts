/**
 * SQL that empties a PostgreSQL database before a restore, to run in the restore's own
 * transaction: every user schema (but the `dihya_keep_*` one holding the tables a restore keeps,
 * see pg-keep-tables.ts) is dropped with CASCADE (tables, views, sequences, types,
 * functions, and the extensions living there), and large objects are unlinked. Database-level
 * objects (event triggers, publications, roles, the database's settings) are left alone.
 *
 * With `recreatePublic`, the `public` schema is then created again exactly as initdb makes it
 * (PostgreSQL 15+: owned by pg_database_owner, USAGE for PUBLIC; before 15: owned by the
 * bootstrap superuser, ALL for PUBLIC; comment 'standard public schema'). pg_dump never emits
 * `CREATE SCHEMA public` and only writes the differences from that state, so this is what
 * makes its output replay exactly. Needs the database owner or a superuser.
 *
 * @example
 * await client.query(resetPgDatabaseSql({ recreatePublic: true }))
 */
export function resetPgDatabaseSql(options: { recreatePublic: boolean }): string {
  const drop = `DO $dihya_reset$
DECLARE
  schema_name name;
BEGIN
  FOR schema_name IN
    SELECT nspname FROM pg_catalog.pg_namespace
     WHERE nspname <> 'information_schema' AND nspname NOT LIKE 'pg\\_%' AND nspname NOT LIKE 'dihya\\_keep\\_%'
     ORDER BY nspname
  LOOP
    EXECUTE pg_catalog.format('DROP SCHEMA %I CASCADE', schema_name);
  END LOOP;
  PERFORM pg_catalog.lo_unlink(oid) FROM pg_catalog.pg_largeobject_metadata;
END
$dihya_reset$;
`;
  if (!options.recreatePublic) return drop;
  return `${drop}DO $dihya_public$
BEGIN
  IF pg_catalog.current_setting('server_version_num')::int >= 150000 THEN
    EXECUTE 'CREATE SCHEMA public AUTHORIZATION pg_database_owner';
    EXECUTE 'GRANT USAGE ON SCHEMA public TO PUBLIC';
  ELSE
    EXECUTE pg_catalog.format('CREATE SCHEMA public AUTHORIZATION %I', (SELECT rolname FROM pg_catalog.pg_roles WHERE oid = 10));
    EXECUTE 'GRANT ALL ON SCHEMA public TO PUBLIC';
  END IF;
  EXECUTE 'COMMENT ON SCHEMA public IS ''standard public schema''';
END
$dihya_public$;
`;
}
