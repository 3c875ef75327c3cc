import type { BackupManifest } from './backup-manifest.ts';

/** What retention may not delete, whatever the counts say. */
export interface RetentionGuards {
  /** Pinned backups (`backup pin`). */
  pinned: ReadonlySet<string>;
  /** Backups in use right now (the one being restored, the current run's). */
  inUse: ReadonlySet<string>;
}

/** How many to keep, and how old they may be. */
export interface RetentionRule {
  /** Runs (groups of backups) kept, newest first. Failed runs do not count against it. */
  keep: number;
  /** When set, groups older than this many ms are removed (still never the guarded ones nor the newest good run). */
  olderThanMs?: number;
  now?: number;
}

/**
 * Which backups retention removes, newest kept first. Backups are counted per run, not per
 * backup: the run backup and the step backups a run took form one group, a manual or safety
 * backup its own. The `keep` newest groups of runs that did not fail are kept, and so are, always:
 * pinned backups, backups in use, and the newest backup taken before a run that changed the
 * database (so per-step and failed-run backups can never push the last good one out). Failed
 * runs' groups are removed once a newer group exists. A backup restored since counts as recent as
 * its restore: restoring the oldest backup never makes it the first to go.
 *
 * @example
 * const doomed = backupsToPrune(store.list(), { keep: 10 }, { pinned: new Set(), inUse: new Set([restoring.id]) })
 */
export function backupsToPrune(backups: readonly BackupManifest[], rule: RetentionRule, guards: RetentionGuards): BackupManifest[] {
  const groups = new Map<string, BackupManifest[]>();
  // Newest first, a backup restored since counting as that recent (the current state grew from it).
  const recency = (b: BackupManifest) => Math.max(Date.parse(b.createdAt), b.restoredAt ? Date.parse(b.restoredAt) : 0);
  for (const backup of [...backups].sort((a, b) => recency(b) - recency(a) || b.id.localeCompare(a.id))) {
    const key = backup.run ?? backup.id;
    (groups.get(key) ?? groups.set(key, []).get(key)!).push(backup);
  }
  const ordered = [...groups.values()];
  const newestGoodRun = ordered.find((g) => g.some((b) => b.kind === 'run' && b.runOutcome !== 'failed'));
  const now = rule.now ?? Date.now();
  const doomed: BackupManifest[] = [];
  let counted = 0;
  for (const [index, group] of ordered.entries()) {
    const failed = group.some((b) => b.runOutcome === 'failed');
    const tooOld = rule.olderThanMs !== undefined && now - recency(group[0]!) > rule.olderThanMs;
    let remove: boolean;
    if (failed) remove = index > 0;
    else {
      counted++;
      remove = counted > rule.keep || tooOld;
    }
    if (!remove || group === newestGoodRun) continue;
    doomed.push(...group.filter((b) => !guards.pinned.has(b.id) && !guards.inUse.has(b.id)));
  }
  return doomed;
}
