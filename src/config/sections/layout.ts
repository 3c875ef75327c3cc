import { z } from 'zod';

/**
 * `layout`: how the migrations folder is written. Unset: detected from its files (a Sqitch plan,
 * Prisma folders, Flyway `V1__x.sql`, golang-migrate `1_x.up.sql`, else this tool's own).
 *
 * @example
 * layoutSection().parse('flyway') // 'flyway'
 */
export const layoutSection = () => z.enum(['dihya', 'golang-migrate', 'flyway', 'prisma', 'sqitch']).optional();
