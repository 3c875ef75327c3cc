/**
 * The SQL dialects dihya-migrate speaks. SQL text helpers need it (quoting, comments, keywords
 * differ), so it lives in this leaf folder and the database layer imports it from here.
 *
 * @example
 * const dialect: DialectName = 'postgres'
 */
export type DialectName = 'sqlite' | 'postgres' | 'mysql';
