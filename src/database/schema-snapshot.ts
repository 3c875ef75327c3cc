/**
 * A dialect-neutral picture of a database schema, used for the schema hash of backups and
 * for the before/after diff of each migration. Names are table names as the database shows
 * them; on PostgreSQL, tables outside `public` are written `schema.table`.
 */
export interface SchemaSnapshot {
  tables: Record<string, TableSnapshot>;
  /** View name -> normalized definition text. */
  views: Record<string, string>;
}

export interface ColumnSnapshot {
  /** The type as the database spells it, lower case (e.g. `integer`, `character varying(50)`, `varchar(50)`). */
  type: string;
  nullable: boolean;
  /** Default expression text, or null. */
  default: string | null;
}

export interface IndexSnapshot {
  columns: string[];
  unique: boolean;
}

export interface ForeignKeySnapshot {
  columns: string[];
  references: { table: string; columns: string[] };
  /** What deleting a referenced row does, when it is not the default (NO ACTION / RESTRICT): `cascade` removes the child rows too. */
  onDelete?: 'cascade' | 'set null' | 'set default';
}

export interface TableSnapshot {
  columns: Record<string, ColumnSnapshot>;
  primaryKey: string[];
  /** Index name -> index (primary key index excluded). */
  indexes: Record<string, IndexSnapshot>;
  /** Constraint name -> foreign key. */
  foreignKeys: Record<string, ForeignKeySnapshot>;
}
