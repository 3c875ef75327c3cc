import { z } from 'zod';

/**
 * What a personal column holds. The kind picks the fake generator, the detectors `privacy scan`
 * matches, and what `generalize` keeps.
 *
 * @example
 * const kind: PersonalKind = 'email'
 */
export const PERSONAL_KINDS = [
  'email',
  'phone',
  'iban',
  'card',
  'nir',
  'first_name',
  'last_name',
  'name',
  'address',
  'city',
  'postcode',
  'birth_date',
  'date',
  'ip',
  'text',
  'other',
] as const;

/** One of {@link PERSONAL_KINDS}. */
export type PersonalKind = (typeof PERSONAL_KINDS)[number];

/**
 * What `anonymize` (and `subject erase` on tables kept for a legal obligation) writes instead of a value.
 *
 * @example
 * const strategy: AnonymizationStrategy = 'fake'
 */
export const STRATEGIES = ['fake', 'hash', 'null', 'constant', 'shift', 'generalize', 'keep'] as const;

/** One of {@link STRATEGIES}. */
export type AnonymizationStrategy = (typeof STRATEGIES)[number];

/** Kinds `generalize` knows how to coarsen: dates to the year, postcodes to a prefix, IPs to a network. */
export const GENERALIZABLE_KINDS: readonly PersonalKind[] = ['birth_date', 'date', 'postcode', 'ip'];
/** Kinds `shift` moves in time. */
export const DATE_KINDS: readonly PersonalKind[] = ['birth_date', 'date'];

/** `privacy` when the config does not set it. */
export const PRIVACY_DEFAULTS = {
  production: false,
  columns: {},
  subjects: {},
  erasure: {},
  scan: { sampleRows: 500, ignore: [] },
  literals: { refuse: true, allow: {} },
  fakeLocale: 'en' as const,
  batchSize: 5000,
};

/** `privacy`: the personal-data catalog and the GDPR commands (scan, anonymize, subject export/erase). */
export function privacySection() {
  const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_$]*$/, 'must be a plain SQL identifier');
  /** `table.column`, or `schema.table.column` on PostgreSQL. */
  const columnKey = z.string().regex(/^(?:[A-Za-z_][A-Za-z0-9_$]*\.){1,2}[A-Za-z_][A-Za-z0-9_$]*$/, 'must be `table.column`');
  const tableKey = z.string().regex(/^(?:[A-Za-z_][A-Za-z0-9_$]*\.)?[A-Za-z_][A-Za-z0-9_$]*$/, 'must be a table name');

  const personalColumn = z
    .object({
      kind: z.enum(PERSONAL_KINDS),
      strategy: z.enum(STRATEGIES),
      /** `constant`: the value written instead (null allowed). */
      value: z.union([z.string(), z.number(), z.null()]).optional(),
      /** `shift`: dates move by a deterministic offset of at most this many days either way. Default 30. */
      days: z.number().int().min(1).max(3650).optional(),
      /** `generalize` on a postcode: how many leading characters are kept. Default 2. */
      keep: z.number().int().min(0).max(10).optional(),
    })
    .strict()
    .superRefine((column, context) => {
      const problem = (message: string) => context.addIssue({ code: 'custom', message });
      if (column.strategy === 'constant' && column.value === undefined) problem('`constant` needs a `value`');
      if (column.strategy !== 'constant' && column.value !== undefined) problem('`value` only goes with `constant`');
      if (column.strategy === 'shift' && !DATE_KINDS.includes(column.kind)) problem(`\`shift\` moves dates: the kind must be ${DATE_KINDS.join(' or ')}`);
      if (column.strategy !== 'shift' && column.days !== undefined) problem('`days` only goes with `shift`');
      if (column.strategy === 'generalize' && !GENERALIZABLE_KINDS.includes(column.kind)) {
        problem(`\`generalize\` works on ${GENERALIZABLE_KINDS.join(', ')}; use fake, hash, null or constant for ${column.kind}`);
      }
      if (column.keep !== undefined && !(column.strategy === 'generalize' && column.kind === 'postcode'))
        problem('`keep` only goes with `generalize` on a postcode');
    });

  const subject = z
    .object({
      /** The table that holds one row per data subject (e.g. `customers`). */
      table: tableKey,
      /** Its key column, whose value identifies the subject in `subject export|erase <subject> <id>`. */
      key: name,
    })
    .strict();

  /** The Art. 15 (2) information given with every export: why, to whom, how long, from where. */
  const processing = z
    .object({
      controller: z.string().min(1).optional(),
      purposes: z.array(z.string().min(1)).min(1),
      recipients: z.array(z.string().min(1)).default([]),
      retention: z.string().min(1),
      source: z.string().min(1),
      legalBasis: z.string().min(1).optional(),
    })
    .strict();

  return z
    .object({
      /**
       * The database holds production data: `anonymize --in-place` is refused on it (anonymize into a
       * copy instead). Default false.
       */
      production: z.boolean().default(false),
      /** Personal columns: `'customers.email': { kind: 'email', strategy: 'fake' }`. */
      columns: z.record(columnKey, personalColumn).default({}),
      /** Data subjects: `customer: { table: 'customers', key: 'id' }`. */
      subjects: z.record(name, subject).default({}),
      /**
       * What `subject erase` does to each table holding a subject's rows: `delete` (the default), or
       * `anonymize` for rows kept for a legal obligation (invoices): their catalogued columns get the
       * column's strategy and their link to deleted rows is cut.
       */
      erasure: z.record(tableKey, z.enum(['delete', 'anonymize'])).default({}),
      /** Art. 15 metadata: purposes, recipients, retention, source (and controller, legal basis). */
      processing: processing.optional(),
      /** `privacy scan`: rows sampled per table, and columns declared not personal (`'orders.reference'`). */
      scan: z
        .object({ sampleRows: z.number().int().min(1).max(100_000).default(500), ignore: z.array(columnKey).default([]) })
        .strict()
        .default({ sampleRows: 500, ignore: [] }),
      /**
       * Migration files holding a personal value (e-mail, phone, IBAN, card, NIR) are refused by
       * `validate` and every run; e-mails on reserved domains (example.com, .test, .invalid…) are not
       * personal. `allow` names files that may hold some anyway, with why.
       */
      literals: z
        .object({ refuse: z.boolean().default(true), allow: z.record(z.string().min(1), z.string().min(1)).default({}) })
        .strict()
        .default({ refuse: true, allow: {} }),
      /** Language of fake names and addresses. Default `en`. */
      fakeLocale: z.enum(['en', 'fr']).default('en'),
      /** Rows read and written per batch by `anonymize`. Default 5000. */
      batchSize: z.number().int().min(1).max(100_000).default(5000),
    })
    .strict()
    .superRefine((section, context) => {
      for (const [key, table] of Object.entries(section.erasure)) {
        if (table === 'anonymize' && !Object.keys(section.columns).some((c) => c.slice(0, c.lastIndexOf('.')) === key)) {
          context.addIssue({ code: 'custom', path: ['erasure', key], message: `erasure anonymizes ${key}, but no column of ${key} is in privacy.columns` });
        }
      }
    })
    .default(PRIVACY_DEFAULTS);
}

/**
 * A catalog entry by pattern, contributed by a sector pack (not written in the config): the columns
 * whose names match `column` (and their table `table`), case-insensitive regular expressions, take
 * `rule` unless `privacy.columns` names them (or `privacy.scan.ignore` does).
 */
export interface CatalogPattern {
  table?: string;
  column: string;
  rule: { kind: PersonalKind; strategy: 'fake' | 'hash' | 'null' | 'keep' };
  /** Who contributed it: `sector sante`. */
  source: string;
}

/** The `privacy` section with its defaults filled in, and the sector packs' catalog entries (`patterns`, set when the packs load). */
export type PrivacyConfig = z.output<ReturnType<typeof privacySection>> & { patterns?: readonly CatalogPattern[] };
/** One catalogued column. */
export type PersonalColumnRule = PrivacyConfig['columns'][string];
/** The Art. 15 metadata. */
export type ProcessingInfo = NonNullable<PrivacyConfig['processing']>;
