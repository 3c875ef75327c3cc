import { createProject, type TestProject } from '../helpers/project.ts';
import { query } from '../helpers/tables.ts';

/** A migration creating `counters (id, n)` with `rows` rows whose ids leave gaps (every `step`th id). */
export function seedCounters(rows: number, step = 3): string {
  return `export default {
  description: 'counters with gaps in the key space',
  async up({ db, sql }) {
    await db.schema.createTable('counters').addColumn('id', 'integer', (c) => c.primaryKey()).addColumn('n', 'integer', (c) => c.notNull()).addColumn('note', 'varchar(20)').execute();
    const all = Array.from({ length: ${rows} }, (_, i) => ({ id: 1 + i * ${step}, n: 0 }));
    for (let i = 0; i < all.length; i += 500) await db.insertInto('counters').values(all.slice(i, i + 500)).execute();
  },
  async down({ db }) { await db.schema.dropTable('counters').execute(); },
};
`;
}

/** A migration creating `pairs (a, b, n)` with a composite primary key and gaps in both columns. */
export const SEED_PAIRS = `export default {
  description: 'pairs with a composite key',
  async up({ db }) {
    await db.schema.createTable('pairs').addColumn('a', 'integer', (c) => c.notNull()).addColumn('b', 'varchar(8)', (c) => c.notNull()).addColumn('n', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('pairs_pk', ['a', 'b']).execute();
    const rows = [];
    for (let a = 1; a <= 40; a += 3) for (let b = 0; b < 25; b += 2) rows.push({ a, b: 'k' + String(b).padStart(3, '0'), n: 0 });
    await db.insertInto('pairs').values(rows).execute();
  },
};
`;

/** A backfill adding 1 to every counter: run twice on a row, it shows. `sleepMs` slows each batch (for kills to land mid-walk). */
export function incrementBackfill(options: { batchSize: number; sleepMs?: number; targetBatchMs?: number; table?: string; extra?: string }): string {
  const table = options.table ?? 'counters';
  return `export default {
  description: 'add 1 to every counter, in batches',
  backfill: true,
  async up({ backfill, sql }) {
    await backfill({
      table: '${table}',
      batchSize: ${options.batchSize},
      targetBatchMs: ${options.targetBatchMs ?? 0},
      ${options.extra ?? ''}
      async update({ db, rows }) {
        ${options.sleepMs ? `await new Promise((resolve) => setTimeout(resolve, ${options.sleepMs}));` : ''}
        const result = await db.updateTable('${table}').set({ n: sql\`n + 1\` }).where(rows).executeTakeFirst();
        return Number(result.numUpdatedRows);
      },
    });
  },
  async down({ backfill, sql }) {
    await backfill({ table: '${table}', set: { n: sql\`n - 1\` }, batchSize: ${options.batchSize}, targetBatchMs: 0 });
  },
};
`;
}

/** A project with the given migrations. */
export function backfillProject(files: Record<string, string>): TestProject {
  return createProject(files);
}

/** The audit entries (from the database mirror), oldest first. */
export async function auditEvents(url: string): Promise<(Record<string, unknown> & { event: string })[]> {
  const rows = await query<{ line: string }>(url, 'select line from dihya_audit order by seq');
  return rows.map((r) => JSON.parse(r.line) as Record<string, unknown> & { event: string });
}
