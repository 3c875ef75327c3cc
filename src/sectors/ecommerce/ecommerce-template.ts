/**
 * The migration `new <slug> --sector ecommerce` writes: where the money goes is declared.
 *
 * @example
 * ecommerceTemplate('split_payments') // 'import type { MigrationDefinition } …'
 */
export function ecommerceTemplate(slug: string): string {
  return `import type { MigrationDefinition } from 'dihya-migrate';

export default {
  description: '${slug.replace(/[_-]/g, ' ')}',
  sector: 'ecommerce',
  // The sum of amounts per currency must be the same after the migration. When it moves the money,
  // say where; when the totals change on purpose, say why: sectorRules: { amounts: { changed: '...' } }.
  sectorRules: {
    amounts: {
      from: { table: 'payments', amount: 'amount_cents', currency: 'currency' },
      to: { table: 'payments', amount: 'amount_cents', currency: 'currency' },
    },
  },
  async up({ db, sql }) {
    // Money in integer minor units (cents) or decimal, never float; currencies as ISO 4217 codes.
  },
  async down({ db }) {
    // ...
  },
} satisfies MigrationDefinition;
`;
}
