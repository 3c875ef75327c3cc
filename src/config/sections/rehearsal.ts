import { z } from 'zod';

/** `rehearsal` when the config does not set it. */
export const REHEARSAL_DEFAULTS = { required: false, slowerFactor: 3, minDurationMs: 1000, lockSampleMs: 20 };

/** `rehearsal`: Rehearsals on a copy of the data (`rehearse`), the receipts `up` may require, the timing guard. */
export function rehearsalSection() {
  return z
    .object({
      /** `up` refuses to run unless a passing rehearsal receipt covers exactly its migrations and the current schema. Default false. */
      required: z.boolean().default(false),
      /** A production step slower than this many times its rehearsed duration is an anomaly (`slower-than-rehearsal`). Default 3. */
      slowerFactor: z.number().min(1).default(3),
      /** Steps faster than this (ms) in production are never reported by the timing guard. Default 1000. */
      minDurationMs: z.number().int().min(0).default(1000),
      /** How often `rehearse` samples the locks held on PostgreSQL (`pg_locks`), ms. Default 20. */
      lockSampleMs: z.number().int().min(5).default(20),
    })
    .strict()
    .default(REHEARSAL_DEFAULTS);
}
