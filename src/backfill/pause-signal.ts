/** The signal that pauses a running backfill, and resumes it when sent again. */
export const PAUSE_SIGNAL = 'SIGUSR2';

let paused = false;
let listeners = 0;
const toggle = () => {
  paused = !paused;
};

/**
 * `kill -USR2 <pid>` while a backfill runs: it pauses after its current batch (committed with its
 * checkpoint, so nothing is lost), and goes on when the signal comes again. The handler is
 * installed only while a backfill runs (counted, for backfills in parallel), so the signal keeps
 * its default meaning at any other time; the switch's position lasts for the process (a pause
 * asked for during one backfill holds for the next one of the run).
 *
 * @example
 * const release = listenForPauseSignal()
 * try { await walk() } finally { release() }
 * isPausedBySignal() // true after one SIGUSR2, false after the second
 */
export function listenForPauseSignal(): () => void {
  if (listeners++ === 0) process.on(PAUSE_SIGNAL, toggle);
  let released = false;
  return () => {
    if (released) return;
    released = true;
    if (--listeners === 0) process.off(PAUSE_SIGNAL, toggle);
  };
}

/** True while a SIGUSR2 asked the backfills of this process to pause. */
export function isPausedBySignal(): boolean {
  return paused;
}
