import { afterEach, describe, expect, it } from 'vitest';
import { DihyaError } from '../../src/errors/dihya-error.ts';
import { discoverMigrations } from '../../src/migrations/discover.ts';
import { loadMigration } from '../../src/migrations/load-migration.ts';
import { parseSqlMigration, readSqlMigration } from '../../src/migrations/sql-migration.ts';
import { createProject, type TestProject } from '../helpers/project.ts';

type D = 'sqlite' | 'postgres' | 'mysql';
const read = (text: string, dialect: D = 'postgres') =>
  readSqlMigration(text, { name: '20260101000000_x', fileName: '20260101000000_x.sql', dialect, fallbackDescription: 'x' });

/** The DihyaError a call throws. */
function thrown(work: () => unknown): DihyaError {
  try {
    work();
  } catch (error) {
    if (error instanceof DihyaError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
}

async function rejected(work: () => Promise<unknown>): Promise<DihyaError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof DihyaError) return error;
    throw error;
  }
  throw new Error('nothing thrown');
}

describe('TypeScript migrations: every field checked at load', () => {
  let project: TestProject;
  afterEach(() => project.cleanup());
  const load = async (fields: string) => {
    project = createProject({ '20260101000000_x.ts': `export default { description: 'x', async up() {}, ${fields} };\n` });
    return loadMigration(discoverMigrations(project.migrationsDir)[0]!, 'sqlite');
  };

  it('accepts every documented field', async () => {
    const loaded = await load(`down() {}, verify() { return true; }, sector: 'sante', transactional: false, downTransactional: true, timeoutMs: 30000,
      lint: { allow: ['drop-column'], reason: 'unused since v2' }, author: 'A. Haddad', purpose: 'billing', approvedBy: 'DPO', backfill: false, ownConnections: false,
      checks: { allowRowLoss: '*', notNull: ['customers.country'], rowCounts: { countries: 200, orders: { min: 1 } }, allowOrphans: ['items'], rowsChanged: { customers: { max: 10 } } }`);
    expect(loaded.definition.timeoutMs).toBe(30000);
    expect(loaded.definition.checks?.rowCounts).toEqual({ countries: 200, orders: { min: 1 } });
  });

  it("refuses allowRowLoss: 'orders' (a string) with the expected shape, before anything runs", async () => {
    const error = await rejected(() => load("checks: { allowRowLoss: 'orders' }"));
    expect(error.code).toBe('MIGRATION_FIELD_INVALID');
    expect(error.exitCode).toBe(2);
    expect(error.message).toBe("Migration 20260101000000_x: `checks.allowRowLoss` must be an array of table names, or '*' for every table");
  });

  it('refuses a misspelt key, naming it and the closest known one', async () => {
    const error = await rejected(() => load("checks: { notnul: ['t.c'] }"));
    expect(error.message).toBe('Migration 20260101000000_x: unknown key `checks.notnul`');
    expect(error.hint).toMatch(/^Did you mean `notNull`\? Known keys: allowRowLoss, notNull, rowCounts, allowOrphans, rowsChanged\./);
    const top = await rejected(() => load("sectr: 'sante'"));
    expect(top.details).toMatchObject({ path: 'sectr', suggestion: 'sector', problem: 'unknown-key' });
    const bound = await rejected(() => load('checks: { rowCounts: { orders: { mni: 1 } } }'));
    expect(bound.details).toMatchObject({ path: 'checks.rowCounts.orders.mni', suggestion: 'min', field: 'checks.rowCounts' });
    const far = await rejected(() => load('totally: 1'));
    expect(far.hint).toMatch(/^Known keys: description, sector, up/);
  });

  it.each([
    ['timeoutMs: -5', 'timeoutMs'],
    ['timeoutMs: 1.5', 'timeoutMs'],
    ["lint: { allow: [], reason: 'x' }", 'lint.allow'],
    ["lint: { allow: ['a'] }", 'lint.reason'],
    ["lint: { allow: ['a'], reason: 'x', why: 1 }", 'lint'],
    ["author: ''", 'author'],
    ["purpose: '  '", 'purpose'],
    ['approvedBy: 3', 'approvedBy'],
    ["sector: 'Santé'", 'sector'],
    ["transactional: 'no'", 'transactional'],
    ['downTransactional: 1', 'downTransactional'],
    ['backfill: 1', 'backfill'],
    ["ownConnections: 'yes'", 'ownConnections'],
    ['down: 1', 'down'],
    ["verify: 'x'", 'verify'],
    ['checks: []', 'checks'],
    ["checks: { notNull: ['country'] }", 'checks.notNull'],
    ['checks: { rowCounts: { t: -1 } }', 'checks.rowCounts'],
    ['checks: { rowCounts: { t: { min: 5, max: 2 } } }', 'checks.rowCounts'],
    ["checks: { rowsChanged: { t: '3' } }", 'checks.rowsChanged'],
    ['checks: { allowOrphans: [1] }', 'checks.allowOrphans'],
  ])('refuses %s', async (fields, field) => {
    const error = await rejected(() => load(fields));
    expect(error.code).toBe('MIGRATION_FIELD_INVALID');
    expect(error.details).toMatchObject({ field, kind: 'ts' });
  });
});

describe('SQL migrations: directives', () => {
  it('read every directive into the same fields as a TypeScript migration', () => {
    const m = read(`-- Purge old sessions
-- dihya:sector sante
-- dihya:author Amina Haddad
-- dihya:purpose Keep sessions short (GDPR Art. 5)
-- dihya:approvedBy DPO team
-- dihya:timeout 1.5m
-- dihya:lint allow=destructive-delete,no-where reason="sessions expire after 30 days"
-- dihya:checks allowRowLoss=sessions,logs notNull=customers.country
-- dihya:checks allowRowLoss=audit_tmp allowOrphans=items
-- dihya:checks rowCounts.countries=200.. rowCounts.settings=1 rowCounts.shop.orders=1..5 rowsChanged.customers=..10
-- migrate:up
delete from sessions;
`);
    const d = m.definition;
    expect(d).toMatchObject({
      description: 'Purge old sessions',
      sector: 'sante',
      author: 'Amina Haddad',
      purpose: 'Keep sessions short (GDPR Art. 5)',
      approvedBy: 'DPO team',
    });
    expect(d.timeoutMs).toBe(90_000);
    expect(d.lint).toEqual({ allow: ['destructive-delete', 'no-where'], reason: 'sessions expire after 30 days' });
    expect(d.checks).toEqual({
      allowRowLoss: ['sessions', 'logs', 'audit_tmp'],
      notNull: ['customers.country'],
      allowOrphans: ['items'],
      rowCounts: { countries: { min: 200 }, settings: 1, 'shop.orders': { min: 1, max: 5 } },
      rowsChanged: { customers: { max: 10 } },
    });
    expect(read('-- dihya:checks allowRowLoss=* allowRowLoss=x\n-- dihya:timeout 250ms\n-- migrate:up\nselect 1;').definition).toMatchObject({
      checks: { allowRowLoss: '*' },
      timeoutMs: 250,
    });
    expect(read('-- dihya:description Explicit\n-- other\n-- migrate:up\nselect 1;').definition.description).toBe('Explicit');
    expect(read('-- dihya:timeout 2h\n-- migrate:up\nselect 1;').definition.timeoutMs).toBe(7_200_000);
  });

  it('never take a directive for the description', async () => {
    const project = createProject({ '20260101000000_purge_sessions.sql': '--  dihya:sector sante\n-- migrate:up\nselect 1;\n' });
    try {
      const loaded = await loadMigration(discoverMigrations(project.migrationsDir)[0]!, 'sqlite');
      expect(loaded.definition.description).toBe('purge sessions');
      expect(loaded.sql).toEqual({ up: [{ sql: 'select 1', line: 3 }] });
    } finally {
      project.cleanup();
    }
  });

  it('refuse an unknown directive or key, and a value that cannot be read, with the line', () => {
    const unknown = thrown(() => read('-- x\n-- dihya:chekcs allowRowLoss=a\n-- migrate:up\nselect 1;'));
    expect(unknown.code).toBe('MIGRATION_DIRECTIVE_UNKNOWN');
    expect(unknown.message).toBe('Migration 20260101000000_x: unknown directive `-- dihya:chekcs` (line 2)');
    expect(unknown.hint).toMatch(
      /^Did you mean `-- dihya:checks`\? Known directives: description, sector, author, purpose, approvedBy, timeout, lint, checks\.$/,
    );
    const key = thrown(() => read('-- dihya:checks notnul=t.c\n-- migrate:up\nselect 1;'));
    expect(key.message).toBe('Migration 20260101000000_x: unknown key `checks.notnul` (line 1)');
    expect(key.hint).toMatch(/Did you mean `notNull`\?.*-- dihya:<key> <value>/);
    expect(thrown(() => read('-- dihya:checks allowRowLoss\n-- migrate:up\nselect 1;')).details).toMatchObject({ path: 'checks.allowRowLoss', line: 1 });
    const lint = thrown(() => read('-- dihya:lint allow=a because=x\n-- migrate:up\nselect 1;'));
    expect(lint.details).toMatchObject({ path: 'lint.because', known: 'allow, reason' });
    expect(lint.details).not.toHaveProperty('suggestion');
    const timeout = thrown(() => read('\n-- dihya:timeout soon\n-- migrate:up\nselect 1;'));
    expect(timeout.details).toMatchObject({ field: 'timeoutMs', problem: 'wrong-value', line: 2 });
    expect(thrown(() => read('-- dihya:checks rowCounts.t=lots\n-- migrate:up\nselect 1;')).details).toMatchObject({ path: 'checks.rowCounts.t', line: 1 });
    expect(thrown(() => read('-- dihya:checks rowCounts=5\n-- migrate:up\nselect 1;')).details).toMatchObject({ path: 'checks.rowCounts' });
    expect(thrown(() => read('-- dihya:checks rowCounts.t=..\n-- migrate:up\nselect 1;')).details).toMatchObject({ path: 'checks.rowCounts.t' });
  });

  it('check the values with the same schema, naming the directive’s line', () => {
    const sector = thrown(() => read('-- a\n\n-- dihya:sector Santé\n-- migrate:up\nselect 1;'));
    expect(sector.message).toBe('Migration 20260101000000_x: `sector` (line 3) must be a sector name: lower-case letters, digits, `_` or `-` (e.g. `sante`)');
    const notNull = thrown(() => read('-- dihya:checks notNull=a.b\n-- dihya:checks notNull=country\n-- migrate:up\nselect 1;'));
    expect(notNull.details).toMatchObject({ path: 'checks.notNull.1', line: 2 });
    expect(thrown(() => read('-- dihya:checks rowCounts.t=5..2\n-- migrate:up\nselect 1;')).details).toMatchObject({ path: 'checks.rowCounts.t', line: 1 });
    expect(thrown(() => read('-- dihya:author\n-- migrate:up\nselect 1;')).details).toMatchObject({ path: 'author', line: 1 });
  });

  it('refuse a directive given twice, or inside a section', () => {
    expect(thrown(() => read('-- dihya:sector a\n-- dihya:sector b\n-- migrate:up\nselect 1;')).message).toMatch(/`sector` is given twice \(lines 1 and 2\)/);
    expect(thrown(() => read('-- dihya:checks rowCounts.t=1 rowCounts.t=2\n-- migrate:up\nselect 1;')).message).toMatch(/given twice/);
    expect(thrown(() => read('-- migrate:up\n-- dihya:timeout 5s\nselect 1;')).message).toMatch(/`-- dihya:timeout` at line 2 is inside the up section/);
  });
});

describe('SQL migrations: sections', () => {
  it('give each section its own transaction mode', () => {
    expect(read('-- migrate:up transaction:false\nselect 1;\n-- migrate:down\nselect 2;').definition).toMatchObject({
      transactional: false,
      downTransactional: true,
    });
    expect(read('-- migrate:up\nselect 1;\n-- migrate:down transaction:false\nselect 2;').definition).toMatchObject({
      transactional: true,
      downTransactional: false,
    });
    expect(read('-- migrate:up transaction:true\nselect 1;').definition.downTransactional).toBeUndefined();
  });

  it('take a comment-only up or down as an intended no-op; an empty up is refused, an empty down is none', async () => {
    const placeholder = read('-- placeholder kept from the old tool\n-- migrate:up\n-- nothing to do\n-- migrate:down\n/* nothing either */\n');
    expect(placeholder.up).toEqual([]);
    expect(placeholder.down).toEqual([]);
    await placeholder.definition.up({} as never);
    await placeholder.definition.down!({} as never);
    const emptyUp = thrown(() => read('-- x\n-- migrate:up\n\n-- migrate:down\nselect 1;'));
    expect(emptyUp.code).toBe('MIGRATION_MALFORMED');
    expect(emptyUp.message).toMatch(/section \(line 2\) is empty/);
    expect(read('-- migrate:up\nselect 1;\n-- migrate:down\n\n').definition.down).toBeUndefined();
    expect(read('-- migrate:up\nselect 1;\n').definition.down).toBeUndefined();
  });

  it('give each statement the line of the file its first code is on', () => {
    const m = read(
      '-- header\n-- migrate:up\n\n-- first\ncreate table a (x int);\n\n/* block */\ninsert into a values (1);\n-- migrate:down\n-- undo\ndrop table a;\n',
    );
    expect(m.up).toEqual([
      { sql: 'create table a (x int)', line: 5 },
      { sql: '/* block */\ninsert into a values (1)', line: 8 },
    ]);
    expect(m.down).toEqual([{ sql: 'drop table a', line: 11 }]);
  });

  it('name the file and line of a statement that cannot run in the transaction its section runs in', () => {
    const index = thrown(() => read('-- migrate:up\ncreate table t (a int);\n\ncreate index concurrently ti on t (a);\n'));
    expect(index.code).toBe('STATEMENT_NEEDS_NO_TRANSACTION');
    expect(index.message).toBe(
      '20260101000000_x.sql:4: CREATE INDEX CONCURRENTLY cannot run inside a transaction, and the up section of 20260101000000_x runs in one',
    );
    expect(index.hint).toMatch(/`-- migrate:up transaction:false`/);
    expect(read('-- migrate:up transaction:false\ncreate index concurrently ti on t (a);\n').up).toHaveLength(1);
    const down = thrown(() => read('-- migrate:up transaction:false\nvacuum;\n-- migrate:down\nvacuum;\n', 'sqlite'));
    expect(down.details).toMatchObject({ section: 'down', line: 4 });
    const commit = thrown(() => read('-- migrate:up\nupdate t set a = 1;\n# done\ncommit;\n', 'mysql'));
    expect(commit.code).toBe('TRANSACTION_CONTROL_IN_MIGRATION');
    expect(commit.message).toBe('20260101000000_x.sql:4: COMMIT would end or change the transaction the up section of 20260101000000_x runs in');
    expect(read('-- migrate:up transaction:false\nstart transaction;\nupdate t set a = 1;\ncommit;\n', 'mysql').up).toHaveLength(3);
    const enumUse = thrown(() => read("-- migrate:up\nalter type mood add value 'calm';\nupdate t set m = 'calm';\n"));
    expect(enumUse.code).toBe('ENUM_VALUE_USED_TOO_EARLY');
    expect(enumUse.details).toMatchObject({ line: 3, addedAt: 2, value: 'calm', type: 'mood' });
  });

  it('report splitter errors and malformed sections with their line', () => {
    expect(thrown(() => read('-- migrate:up\nselect 1;\nDELIMITER\n', 'mysql')).message).toMatch(/line 3: DELIMITER must be followed/);
    expect(thrown(() => read('select 1;\n-- migrate:up\nselect 2;')).message).toMatch(/SQL at line 1 comes before/);
    expect(thrown(() => read('-- migrate:down\nselect 1;\n-- migrate:up\nselect 2;')).message).toMatch(/comes before/);
    expect(thrown(() => read('-- nothing')).message).toMatch(/no `-- migrate:up` line/);
    expect(thrown(() => read('-- migrate:up transaction:maybe\nselect 1;')).message).toMatch(/unknown option "transaction:maybe" at line 1/);
  });

  it('runs its statements, naming the line of one that fails', async () => {
    const ran: string[] = [];
    const def = parseSqlMigration('-- migrate:up\nselect 1;\n\nselect boom;\n', 'x', 'postgres');
    const ctx = {
      db: {},
      sql: { raw: (s: string) => ({ execute: async () => (s === 'select boom' ? Promise.reject(new Error('no column boom')) : ran.push(s)) }) },
    } as never;
    await expect(def.up(ctx)).rejects.toThrow('statement at line 4: no column boom');
    expect(ran).toEqual(['select 1']);
  });
});
