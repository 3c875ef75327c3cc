import { z } from 'zod';
import { bareName, identifiersIn, mentionedTables } from '../mentions.ts';
import type { Bilingual, SectorPack } from '../sector-pack.ts';
import { cellText } from '../cell-text.ts';
import { floatMoneyRule } from './ecommerce-lint.ts';
import { ecommerceTemplate } from './ecommerce-template.ts';
import { FLOAT_TYPE, ISO_4217, MONEY_COLUMN, CURRENCY_COLUMN, paymentTables, sumsByCurrency } from './money.ts';
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SchemaSnapshot } from '../../database/schema-snapshot.ts';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'must be a plain SQL identifier');
const side = z.strictObject({ table: identifier, amount: identifier, currency: identifier });

/**
 * `sectorRules.amounts` of an ecommerce migration: where the money is before and after it (when
 * it moves it), or `{ changed: '<why>' }` when the totals may change on purpose.
 *
 * @example
 * amountsRuleSchema.parse({ from: { table: 'payments', amount: 'amount_cents', currency: 'currency' }, to: { table: 'ledger_entries', amount: 'amount_cents', currency: 'currency' } })
 */
export const amountsRuleSchema = z.union([z.strictObject({ from: side, to: side }), z.strictObject({ changed: z.string().trim().min(1) })]);

type Sums = Record<string, Record<string, string>>;

/** The money of one table and column before the step, per currency. */
function sumsKey(table: string, amount: string): string {
  return `${bareName(table)}.${amount}`;
}

/** What the ecommerce pack needs of a migration, from its text and `sectorRules.amounts`. */
function readRule(sectorRules: Record<string, unknown> | undefined): { rule?: z.output<typeof amountsRuleSchema> } | { problem: string } {
  if (sectorRules?.amounts === undefined) return {};
  const parsed = amountsRuleSchema.safeParse(sectorRules.amounts);
  if (!parsed.success)
    return { problem: `sectorRules.amounts: give { from: { table, amount, currency }, to: { table, amount, currency } } or { changed: '<why>' }` };
  return { rule: parsed.data };
}

/** The payment tables a migration names (default conservation is checked on these). */
function namedPaymentTables(text: string, schema: SchemaSnapshot) {
  const named = new Set(mentionedTables(identifiersIn(text), schema));
  return paymentTables(schema).filter((p) => named.has(p.table));
}

/**
 * The ecommerce pack: amounts are conserved (the sum of payments per currency is the same before
 * and after, unless `sectorRules.amounts` says where the money moves or why it changes), no
 * money column is floating-point, currency codes are ISO 4217, and every change to payment rows
 * is counted in a transaction-log entry of the audit.
 */
export const ecommercePack: SectorPack = {
  name: 'ecommerce',
  description: {
    en: 'Payments: amounts conserved per currency, no floating-point money, ISO 4217 currencies, every payment row change counted in the audit',
    fr: 'Paiements : montants conservés par devise, pas d’argent en virgule flottante, devises ISO 4217, chaque ligne de paiement modifiée comptée dans l’audit',
  },
  lint: [floatMoneyRule],
  catalog: [
    { column: MONEY_COLUMN.source, category: 'money', note: { en: 'amount of money', fr: 'montant' } },
    { column: CURRENCY_COLUMN.source, category: 'money', note: { en: 'ISO 4217 currency code', fr: 'code de devise ISO 4217' } },
  ],
  checks: [
    {
      name: 'amounts-rule',
      description: { en: 'sectorRules.amounts is well formed', fr: 'sectorRules.amounts est bien formé' },
      prepare(migration) {
        const read = readRule(migration.sectorRules);
        return 'problem' in read ? [{ en: read.problem, fr: read.problem }] : [];
      },
    },
    {
      name: 'no-float-money',
      description: { en: 'no money column is floating-point', fr: 'aucune colonne de montant n’est en virgule flottante' },
      async verify(ctx, _before, view) {
        const schema = await view.schema();
        const named = new Set(mentionedTables(identifiersIn(ctx.migration.text), schema));
        const floats = [...named].flatMap((table) =>
          Object.entries(schema.tables[table]!.columns)
            .filter(([column, c]) => MONEY_COLUMN.test(column) && FLOAT_TYPE.test(c.type))
            .map(([column, c]) => `${table}.${column} (${c.type})`),
        );
        if (floats.length === 0) return [];
        const list = floats.join(', ');
        return [
          {
            en: `money in floating-point columns: ${list}; use an integer of minor units or a decimal`,
            fr: `montants dans des colonnes en virgule flottante : ${list} ; utilisez un entier de centimes ou un décimal`,
          },
        ];
      },
    },
    {
      name: 'iso-4217',
      description: { en: 'currency codes are ISO 4217', fr: 'les codes de devise sont ISO 4217' },
      async verify(ctx, _before, view) {
        const problems: Bilingual[] = [];
        for (const payments of namedPaymentTables(ctx.migration.text, await view.schema())) {
          const codes = await distinct(ctx.db, payments.table, payments.currency);
          const wrong = codes.filter((code) => !ISO_4217.has(code));
          if (wrong.length > 0) {
            const list = wrong.slice(0, 10).join(', ');
            problems.push({
              en: `${payments.table}.${payments.currency} holds codes that are not ISO 4217: ${list}`,
              fr: `${payments.table}.${payments.currency} contient des codes qui ne sont pas ISO 4217 : ${list}`,
            });
          }
        }
        return problems;
      },
    },
    {
      name: 'amounts-conserved',
      description: {
        en: 'the sum of amounts per currency is the same before and after, unless declared',
        fr: 'la somme des montants par devise est la même avant et après, sauf déclaration',
      },
      async before(ctx, view) {
        const read = readRule(ctx.migration.sectorRules);
        if ('problem' in read || (read.rule && 'changed' in read.rule)) return {};
        const sums: Sums = {};
        if (read.rule)
          sums[sumsKey(read.rule.from.table, read.rule.from.amount)] = await sumsByCurrency(
            ctx.db,
            read.rule.from.table,
            read.rule.from.amount,
            read.rule.from.currency,
          );
        else {
          for (const p of namedPaymentTables(ctx.migration.text, await view.schema())) {
            for (const amount of p.amounts) sums[sumsKey(p.table, amount)] = await sumsByCurrency(ctx.db, p.table, amount, p.currency);
          }
        }
        return sums;
      },
      async verify(ctx, before, view) {
        const read = readRule(ctx.migration.sectorRules);
        if ('problem' in read) return [{ en: read.problem, fr: read.problem }];
        if (read.rule && 'changed' in read.rule) {
          await ctx.audit.note('amounts may change: declared by the migration', {
            reason: read.rule.changed,
            fr: 'les montants peuvent changer : déclaré par la migration',
          });
          return [];
        }
        const sumsBefore = (before ?? {}) as Sums;
        const problems: Bilingual[] = [];
        const compare = (what: string, was: Record<string, string> | undefined, now: Record<string, string>) => {
          if (!was) return;
          for (const currency of [...new Set([...Object.keys(was), ...Object.keys(now)])].sort()) {
            const a = was[currency] ?? '0';
            const b = now[currency] ?? '0';
            if (a !== b) problems.push({ en: `${what}: ${currency} totals ${a} before, ${b} after`, fr: `${what} : total ${currency} ${a} avant, ${b} après` });
          }
        };
        if (read.rule) {
          const { from, to } = read.rule;
          compare(
            `${from.table}.${from.amount} → ${to.table}.${to.amount}`,
            sumsBefore[sumsKey(from.table, from.amount)],
            await sumsByCurrency(ctx.db, to.table, to.amount, to.currency),
          );
        } else {
          const compared = new Set<string>();
          for (const p of namedPaymentTables(ctx.migration.text, await view.schema())) {
            for (const amount of p.amounts) {
              compared.add(sumsKey(p.table, amount));
              compare(`${p.table}.${amount}`, sumsBefore[sumsKey(p.table, amount)], await sumsByCurrency(ctx.db, p.table, amount, p.currency));
            }
          }
          for (const gone of Object.keys(sumsBefore).filter((key) => !compared.has(key))) {
            problems.push({
              en: `${gone} held money before the migration and is gone after it: say where it went with sectorRules: { amounts: { from, to } }`,
              fr: `${gone} contenait des montants avant la migration et n’existe plus après : indiquez où ils sont allés avec sectorRules: { amounts: { from, to } }`,
            });
          }
        }
        return problems;
      },
    },
    {
      name: 'transaction-log',
      description: {
        en: 'every change to payment rows is counted in a transaction-log entry of the audit',
        fr: 'chaque modification de lignes de paiement est comptée dans une entrée du journal des transactions de l’audit',
      },
      directions: ['up', 'down'],
      async verify(ctx, _before, view) {
        const rowsChanged = ctx.changes?.rowsChanged ?? {};
        const payments = new Set(paymentTables(await view.schema()).map((p) => bareName(p.table)));
        const counted = Object.entries(rowsChanged).filter(([table, n]) => n > 0 && payments.has(bareName(table)));
        const rows = counted.reduce((sum, [, n]) => sum + n, 0);
        await ctx.audit.note(`transaction log: ${rows} payment row(s) changed`, {
          fr: `journal des transactions : ${rows} ligne(s) de paiement modifiée(s)`,
          rows,
          tables: counted.map(([table, n]) => `${table}: ${n}`),
        });
        return [];
      },
    },
  ],
  templates: { ts: ecommerceTemplate },
};

async function distinct(db: Kysely<any>, table: string, column: string): Promise<string[]> {
  const rows = (await db.selectFrom(table).select(sql.ref(column).as('v')).distinct().execute()) as { v: unknown }[];
  return rows.map((r) => (r.v === null ? 'NULL' : cellText(r.v)));
}
