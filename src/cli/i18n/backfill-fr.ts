import type { BackfillMessages } from './backfill-en.ts';

/** Les textes CLI des backfills (status, progression), en français. */
export const backfillFr: BackfillMessages = {
  backfill: {
    state: (done: number, total: number) => `backfill ${done}/${total}`,
    resumable: (name: string, done: number, total: number) =>
      `${name} : backfill à ${done} sur ~${total} ligne(s) ; \`up\` reprend à son point de reprise (pour mettre en pause un backfill en cours : touch .dihya/backfill.pause, ou kill -USR2 <pid de up> ; de nouveau pour reprendre)`,
    rate: (perSecond: number) => `${perSecond} lignes/s`,
    eta: (seconds: number) => `reste ${seconds < 90 ? `${seconds} s` : `${Math.round(seconds / 60)} min`}`,
    paused: 'en pause',
    rehearsed: (label: string, rows: number, perSecond: number, batches: number, longestMs: number, ms: number) =>
      `    backfill ${label} : ${rows} ligne(s) en ${ms} ms, ${perSecond} lignes/s, ${batches} lot(s), lot le plus long ${longestMs} ms`,
  },
};
