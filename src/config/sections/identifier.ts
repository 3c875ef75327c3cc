import { z } from 'zod';

/** A plain SQL identifier (the table names in the config). */
export const identifier = () => z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,62}$/, 'must be a plain SQL identifier (letters, digits, _; at most 63 characters)');
