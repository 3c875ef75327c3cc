import { typedColumns } from '../lint-columns.ts';
import type { SectorLintRule } from '../sector-pack.ts';
import { FLOAT_TYPE, MONEY_COLUMN } from './money.ts';

/**
 * `ecommerce/float-money` (error): an ecommerce migration gives a money column (`amount`,
 * `price`, `total`, `*_cents`…) a floating-point type (FLOAT, DOUBLE, REAL), from its statements
 * or, in `plan` and `lint`, the schema predicted after it.
 *
 * @example
 * floatMoneyRule.check(subject) // [{ line: 2, message: 'payments.amount real' }]
 */
export const floatMoneyRule: SectorLintRule = {
  id: 'ecommerce/float-money',
  severity: 'error',
  explanation: {
    en: 'A money column in a floating-point type (FLOAT, DOUBLE, REAL) cannot hold cents exactly: sums drift and payments stop balancing.',
    fr: 'Une colonne de montant en virgule flottante (FLOAT, DOUBLE, REAL) ne peut pas garder les centimes exactement : les sommes dérivent et les paiements ne s’équilibrent plus.',
  },
  hint: {
    en: 'Use DECIMAL/NUMERIC (e.g. numeric(12,2)) or an integer count of minor units (amount_cents bigint).',
    fr: 'Utilisez DECIMAL/NUMERIC (par ex. numeric(12,2)) ou un entier en unités mineures (amount_cents bigint).',
  },
  check: (subject) =>
    typedColumns(subject)
      .filter((c) => MONEY_COLUMN.test(c.column) && FLOAT_TYPE.test(c.type))
      .map((c) => ({ ...(c.line === undefined ? {} : { line: c.line }), message: `${c.table ? `${c.table}.` : ''}${c.column} ${c.type.toLowerCase()}` })),
};
