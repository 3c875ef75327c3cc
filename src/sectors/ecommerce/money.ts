import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SchemaSnapshot } from '../../database/schema-snapshot.ts';
import { cellText } from '../cell-text.ts';

/** Columns the ecommerce pack takes for amounts of money. */
export const MONEY_COLUMN =
  /^((amount|price|total|subtotal|cost|balance|fees?|tax|vat|refund|discount|paid|due)(_[a-z0-9_]+)?|[a-z0-9_]+_(amount|price|total|cents|minor))$/i;
/** Columns the ecommerce pack takes for currency codes. */
export const CURRENCY_COLUMN = /^(currency|currency_code|[a-z0-9_]+_currency)$/i;
/** Column types that cannot hold money exactly. */
export const FLOAT_TYPE = /^(real|float\d*|double( precision)?)\b/i;

/** ISO 4217 currency codes (as Node's ICU knows them). */
export const ISO_4217 = new Set(Intl.supportedValuesOf('currency'));

/** A table holding payments: its money columns and its currency column. */
export interface PaymentTable {
  table: string;
  amounts: string[];
  currency: string;
}

/**
 * The tables of `schema` with at least one money column and a currency column.
 *
 * @example
 * paymentTables(schema) // [{ table: 'payments', amounts: ['amount_cents'], currency: 'currency' }]
 */
export function paymentTables(schema: SchemaSnapshot): PaymentTable[] {
  return Object.entries(schema.tables).flatMap(([table, snapshot]) => {
    const columns = Object.keys(snapshot.columns);
    const currency = columns.find((c) => CURRENCY_COLUMN.test(c));
    const amounts = columns.filter((c) => MONEY_COLUMN.test(c));
    return currency && amounts.length > 0 ? [{ table, amounts, currency }] : [];
  });
}

/**
 * The sum of `amount` per currency, as exact decimal text (`{ EUR: '1250.5' }`).
 *
 * @example
 * await sumsByCurrency(db, 'payments', 'amount_cents', 'currency') // { EUR: '125050', USD: '900' }
 */
export async function sumsByCurrency(db: Kysely<any>, table: string, amount: string, currency: string): Promise<Record<string, string>> {
  const rows = (await db
    .selectFrom(table)
    .select([sql.ref(currency).as('currency'), sql`sum(${sql.ref(amount)})`.as('total')])
    .groupBy(sql.ref(currency))
    .execute()) as { currency: unknown; total: unknown }[];
  return Object.fromEntries(rows.map((r) => [cellText(r.currency), decimalText(r.total)]));
}

/**
 * A number or numeric text as canonical decimal text: no trailing zeros, no `-0`.
 *
 * @example
 * decimalText('12.5000') // '12.5'
 */
export function decimalText(value: unknown): string {
  let text = value === null || value === undefined ? '0' : cellText(value).trim();
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  if (/^-?0*$/.test(text)) return '0';
  return text.replace(/^(-?)0+(?=\d)/, '$1');
}
