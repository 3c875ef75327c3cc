/**
 * A PostgreSQL identifier in double quotes.
 *
 * @example
 * quotePgIdent('Order "x"') // '"Order ""x"""'
 */
export function quotePgIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * A PostgreSQL string literal (standard_conforming_strings on), or NULL.
 *
 * @example
 * quotePgLiteral("it's") // "'it''s'"
 */
export function quotePgLiteral(value: string | null): string {
  return value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`;
}

/**
 * One entry of an ACL, as `aclexplode()` gives it (grantee null = PUBLIC).
 *
 * @example
 * const entry: PgAclEntry = { grantee: null, privilege: 'USAGE', grantable: false } // GRANT USAGE … TO PUBLIC
 */
export interface PgAclEntry {
  grantee: string | null;
  privilege: string;
  grantable: boolean;
}

/**
 * Statements that set the privileges of an object to exactly `entries`: everything is revoked
 * from PUBLIC and the owner, then each entry is granted again.
 *
 * @example
 * pgAclSql('TABLE', 'public.orders', 'app', [{ grantee: 'app', privilege: 'SELECT', grantable: false }])
 * // 'REVOKE ALL ON TABLE public.orders FROM PUBLIC;\nREVOKE ALL ON TABLE public.orders FROM "app";\nGRANT SELECT ON TABLE public.orders TO "app";\n'
 */
export function pgAclSql(kind: string, name: string, owner: string, entries: readonly PgAclEntry[]): string {
  let out = `REVOKE ALL ON ${kind} ${name} FROM PUBLIC;\nREVOKE ALL ON ${kind} ${name} FROM ${quotePgIdent(owner)};\n`;
  for (const entry of entries) {
    const grantee = entry.grantee === null ? 'PUBLIC' : quotePgIdent(entry.grantee);
    out += `GRANT ${entry.privilege} ON ${kind} ${name} TO ${grantee}${entry.grantable ? ' WITH GRANT OPTION' : ''};\n`;
  }
  return out;
}

/**
 * SQL expression (for catalog queries) giving an object's ACL entries as JSON, in ACL order (so
 * granting them in turn rebuilds the same ACL), the defaults filled in when the ACL column is NULL.
 *
 * @example
 * `SELECT ${aclJsonSql('c.relacl', 'r', 'c.relowner')} AS acl FROM pg_catalog.pg_class c`
 */
export function aclJsonSql(aclColumn: string, objectType: string, ownerColumn: string): string {
  return `(SELECT COALESCE(pg_catalog.json_agg(pg_catalog.json_build_object(
      'grantee', CASE WHEN a.grantee = 0 THEN NULL ELSE pg_catalog.pg_get_userbyid(a.grantee) END,
      'privilege', a.privilege_type, 'grantable', a.is_grantable) ORDER BY a.n), '[]')
    FROM pg_catalog.aclexplode(COALESCE(${aclColumn}, pg_catalog.acldefault('${objectType}', ${ownerColumn})))
      WITH ORDINALITY AS a(grantor, grantee, privilege_type, is_grantable, n))`;
}
