import type { ForeignHistoryReader, ForeignTool } from './foreign-history.ts';
import { flywayHistory } from './tools/flyway-history.ts';
import { golangMigrateHistory } from './tools/golang-migrate-history.ts';
import { knexHistory } from './tools/knex-history.ts';
import { prismaHistory } from './tools/prisma-history.ts';
import { sqitchHistory } from './tools/sqitch-history.ts';

/**
 * Every tool's history reader, in the order `import-history` looks for their tables.
 *
 * @example
 * FOREIGN_HISTORIES.flyway.defaultTable // 'flyway_schema_history'
 */
export const FOREIGN_HISTORIES: Record<ForeignTool, ForeignHistoryReader> = {
  flyway: flywayHistory,
  'golang-migrate': golangMigrateHistory,
  prisma: prismaHistory,
  knex: knexHistory,
  sqitch: sqitchHistory,
};
