import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitSqlStatements } from '../../src/sql/split-sql.ts';
import { sqlFile, type FuzzDialect } from '../helpers/sql-fuzz.ts';

/** A few hundred files per dialect in `npm test`; `npm run test:fuzz-sql` runs thousands. */
const RUNS = Number(process.env.DIHYA_FUZZ_SQL_RUNS ?? 300);

describe.each(['postgres', 'mysql', 'sqlite'] as FuzzDialect[])('splitter on generated %s files', (dialect) => {
  it('returns the statements each file was built from, with their first code line', () => {
    fc.assert(
      fc.property(sqlFile(dialect, { clientCompatible: false, openEnd: true }), (file) => {
        expect(splitSqlStatements(file.text, dialect), file.text).toEqual(file.expected);
      }),
      { numRuns: RUNS },
    );
  });
});
