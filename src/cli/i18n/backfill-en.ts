/** The CLI texts of backfills (status, progress), in English. */
export const backfillEn = {
  backfill: {
    /** The state cell of `status` for a backfill cut short. */
    state: (done: number, total: number) => `backfilling ${done}/${total}`,
    /** One line under the status table per backfill to resume. */
    resumable: (name: string, done: number, total: number) =>
      `${name}: backfill at ${done} of ~${total} row(s); \`up\` goes on from its checkpoint (to pause a running one: touch .dihya/backfill.pause, or kill -USR2 <pid of up>; again to go on)`,
    /** Rate and time left on the progress line. */
    rate: (perSecond: number) => `${perSecond} rows/s`,
    eta: (seconds: number) => `ETA ${seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`}`,
    paused: 'paused',
    /** A backfill's throughput in a rehearsal report. */
    rehearsed: (label: string, rows: number, perSecond: number, batches: number, longestMs: number, ms: number) =>
      `    backfill ${label}: ${rows} row(s) in ${ms} ms, ${perSecond} rows/s, ${batches} batch(es), longest batch ${longestMs} ms`,
  },
};

/** The shape of the backfill texts (the French ones have the same). */
export type BackfillMessages = typeof backfillEn;
