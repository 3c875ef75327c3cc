/** Help of the hooks and sector options, in English (spread into `help` of messages-en.ts). */
export const hooksHelpEn = {
  newSector: 'write the migration from this sector pack’s template (sante, education, ecommerce, or a pack of `sectors`)',
  demoSector: 'run a sector example instead (sante, education, ecommerce): its pack’s checks and audit entries',
  docs: 'write MIGRATIONS.md from the migrations and the history: description, sector, author, purpose, checks, down, applied where and when, schema changes, personal data touched',
  docsOut: 'the file to write (default MIGRATIONS.md)',
};

/** Texts of hooks and sector packs, in English (spread into messages-en.ts). */
export const hooksEn = {
  sectors: {
    /** Which of a pack's bilingual texts to show. */
    language: 'en' as 'en' | 'fr',
    demoIntro: (sector: string, db: string) => `dihya-migrate demo --sector ${sector}: SQLite database ${db}, migrations copied from examples/${sector}\n`,
    demoPack: (description: string) => `pack: ${description}`,
    demoUp: '\n== up (each migration checked by the pack in its transaction)',
    demoAudit: '\n== what the pack wrote in the audit',
    demoEntry: (event: string, hook: string, migration: string, text: string) => `${event}  ${migration}  ${hook}: ${text}`,
    demoAccess: (tables: string, rows: number, outcome: string) => `tables ${tables}, ${rows} row(s) changed, ${outcome}`,
    demoRefused: '\n== a wrong migration, stopped by the pack',
    demoStopped: (code: string, message: string) => `stopped (${code}): ${message}`,
    demoFinished: (applied: number) => `\ndemo finished: ${applied} applied; the wrong migration changed nothing.`,
    applies: (names: string) => `-- applies: ${names}`,
    appliesNone: '-- applies: no hook nor pack',
  },
  docs: {
    written: (file: string, migrations: number) => `wrote ${file} (${migrations} migration(s))`,
  },
};
