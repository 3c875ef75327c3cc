import type { DialectName } from './dialect-name.ts';
import { maskLiterals } from './mask-literals.ts';

/**
 * Words followed by `(` in a SELECT that are SQL syntax or built-in functions, not a routine of
 * the database: calling them changes no schema and removes no rows. Anything else called by a
 * SELECT may be a user function running DDL or DML (PostgreSQL functions may), and is opaque.
 */
const NOT_ROUTINES = new Set(
  (
    'select from where and or not in exists any all some values as on using join lateral over filter within group by partition ' +
    'case when then else end is null between like ilike similar array row cast convert extract overlay position substring trim ' +
    'count sum min max avg every bool_and bool_or array_agg string_agg json_agg jsonb_agg json_object_agg jsonb_object_agg xmlagg ' +
    'coalesce nullif greatest least now current_setting set_config nextval setval currval lastval lower upper length char_length ' +
    'octet_length substr replace concat concat_ws format to_char to_date to_number to_timestamp date_trunc date_part age ' +
    'abs ceil ceiling floor round trunc mod power sqrt random md5 sha256 encode decode gen_random_uuid uuid_generate_v4 ' +
    'json_build_object jsonb_build_object json_build_array jsonb_build_array to_json to_jsonb jsonb_set row_to_json ' +
    'row_number rank dense_rank lag lead first_value last_value ntile generate_series unnest string_to_array array_to_string ' +
    'array_length cardinality regexp_replace regexp_matches split_part left right lpad rpad btrim ltrim rtrim strpos ' +
    'version current_database current_schema current_user session_user txid_current obj_description col_description ' +
    'has_table_privilege has_schema_privilege quote_ident quote_literal quote_nullable format_type to_regclass to_regtype ' +
    'interval timestamp date time numeric decimal varchar char'
  ).split(' '),
);

/** A call: a name (maybe schema-qualified, maybe quoted) right before `(`. */
const CALL = /((?:"(?:[^"]|"")+"|[a-z_][\w$]*)(?:\s*\.\s*(?:"(?:[^"]|"")+"|[a-z_][\w$]*))?)\s*\(/giu;

/**
 * True when a SELECT (or VALUES) statement calls a function that may be one of the database's own
 * routines — neither SQL syntax nor a well-known built-in, nor in `pg_catalog` — which can run
 * DDL or remove rows out of sight (a PostgreSQL `select add_columns()`). Other statements: false.
 *
 * @example
 * callsRoutine('select add_price()', 'postgres')                         // true
 * callsRoutine("select setval('s', (select max(id) from t))", 'postgres') // false
 * callsRoutine('select count(*) from t', 'postgres')                     // false
 */
export function callsRoutine(sql: string, dialect: DialectName): boolean {
  const text = maskLiterals(sql, dialect).trim();
  if (!/^(select|values)\b/i.test(text)) return false;
  for (const match of text.matchAll(CALL)) {
    const name = match[1]!.toLowerCase().replace(/\s+/g, '');
    if (name.startsWith('pg_catalog.') || name.startsWith('pg_') || name.startsWith('information_schema.')) continue;
    if (!NOT_ROUTINES.has(name)) return true;
  }
  return false;
}
