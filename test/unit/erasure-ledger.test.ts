import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { connect } from '../../src/database/connect.ts';
import type { Target } from '../../src/database/target.ts';
import { InternalSchema } from '../../src/internal-schema/internal-schema.ts';
import { internalTables } from '../../src/internal-schema/internal-tables.ts';
import { ErasureLedger, erasuresAfter, type ErasureRecord } from '../../src/privacy/ledger/erasure-ledger.ts';

const record = (n: number, erasedAt: string): ErasureRecord => ({
  idHash: `${n}`.padStart(64, 'a'),
  subject: 'customer',
  erasedAt,
  keyCheck: 'k'.repeat(16),
  tables: ['customers'],
});

describe('the erasure ledger', () => {
  let dir: string;
  let target: Target;
  const tables = internalTables({ table: 'dihya_migrations', audit: { table: 'dihya_audit' } });

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-ledger-'));
    target = await connect(`sqlite:${path.join(dir, 'db.sqlite')}`);
  });
  afterEach(async () => {
    await target.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps each erasure in its table and in a 0600 file, reads the union, and completes either', async () => {
    const ledger = new ErasureLedger(target, tables.erasureLedger, path.join(dir, 'state'));
    expect(await ledger.read()).toEqual([]);
    ledger.forget('nothing');
    await new InternalSchema(target, tables).upgrade();
    await ledger.record(record(1, '2026-01-01T00:00:00.000Z'), target.db);
    await ledger.record(record(2, '2026-02-01T00:00:00.000Z'), target.db);
    await ledger.record(record(2, '2026-03-01T00:00:00.000Z'), target.db);
    expect((await ledger.read()).map((r) => [r.idHash.slice(-1), r.erasedAt.slice(0, 7)])).toEqual([
      ['1', '2026-01'],
      ['2', '2026-03'],
    ]);
    expect(statSync(ledger.file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(ledger.file)).mode & 0o777).toBe(0o700);

    // A restore brought back an empty table: the file still knows, and completes it.
    await target.db.deleteFrom(tables.erasureLedger).execute();
    expect(await ledger.read()).toHaveLength(2);
    expect(await ledger.complete(await ledger.read())).toBe(2);
    expect(await target.db.selectFrom(tables.erasureLedger).selectAll().execute()).toHaveLength(2);

    // The file lost (a fresh checkout of the state dir): the table still knows, and completes it.
    rmSync(ledger.file);
    expect(await ledger.read()).toHaveLength(2);
    await ledger.complete(await ledger.read());
    expect(readFileSync(ledger.file, 'utf8').trim().split('\n')).toHaveLength(2);

    ledger.forget(record(1, '').idHash);
    expect(readFileSync(ledger.file, 'utf8')).not.toContain(record(1, '').idHash);
    expect(erasuresAfter(await ledger.read(), '2026-02-15T00:00:00.000Z')).toBe(1);
  });
});
