import type { RunDetail } from './bench-tool.ts';

/** The timed runs of one tool. */
export interface ToolResult {
  name: string;
  commits: string;
  runsMs: number[];
  /** Statements sent in each run (servers; 0 on SQLite, which is in-process). */
  statements: number[];
  /** dihya-migrate's run detail, per run (empty for the peers). */
  details: RunDetail[];
}

/**
 * The median of some numbers (the mean of the two middle ones for an even count).
 *
 * @example
 * median([3, 1, 2]) // 2
 */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/**
 * Formats the results as a plain-text table (median, every run, time per migration, statements
 * per migration when counted, commits) followed by the ratios of each dihya-migrate mode's
 * median to each peer's.
 *
 * @example
 * console.log(formatReport(results, 1000, false))
 */
export function formatReport(results: ToolResult[], count: number, withStatements: boolean): string {
  const header = ['tool', 'median', 'runs', 'per migration', ...(withStatements ? ['statements / migration'] : []), 'commits'];
  const rows = results.map((r) => {
    const mid = median(r.runsMs);
    const statements = withStatements ? [`${(median(r.statements) / count).toFixed(2)} (${median(r.statements)} in all)`] : [];
    return [
      r.name,
      `${mid.toFixed(0)} ms`,
      r.runsMs.map((ms) => ms.toFixed(0)).join(', '),
      `${((mid * 1000) / count).toFixed(0)} µs`,
      ...statements,
      r.commits,
    ];
  });
  const lines = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...lines.map((line) => line[col]!.length)));
  const rightAligned = new Set([1, 3]);
  const render = (line: string[]) =>
    line
      .map((cell, col) => (rightAligned.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd();
  const table = [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(render)];

  const ours = results.filter((r) => r.name.startsWith('dihya'));
  const peers = results.filter((r) => !r.name.startsWith('dihya'));
  const baselines = ours
    .filter((r) => r.name.endsWith(' (baseline)'))
    .flatMap((base) => {
      const current = ours.find((r) => r.name === base.name.replace(' (baseline)', ''));
      return current ? [`${current.name} / ${base.name} = ${(median(current.runsMs) / median(base.runsMs)).toFixed(2)}x`] : [];
    });
  const ratios = ours.flatMap((mine) =>
    peers.map(
      (peer) => `${mine.name} / ${peer.name} = ${(median(mine.runsMs) / median(peer.runsMs)).toFixed(2)}x  (commits: ${mine.commits} vs ${peer.commits})`,
    ),
  );
  const details = ours
    .filter((r) => r.details.length > 0)
    .map((r) => {
      const steps = median(r.details.map((d) => d.stepsMs));
      const runBackup = median(r.details.map((d) => d.runBackupMs));
      const stepBackups = median(r.details.map((d) => d.stepBackups));
      const stepBackupMs = median(r.details.map((d) => d.stepBackupMs));
      const perPeer = peers.map(
        (peer) => `${((steps * 1000) / count / ((median(peer.runsMs) * 1000) / count)).toFixed(2)}x ${peer.name}'s whole run per migration`,
      );
      return (
        `${r.name}: steps alone ${((steps * 1000) / count).toFixed(0)} µs per migration (${perPeer.join(', ')}); ` +
        `backup before the run ${runBackup.toFixed(0)} ms; ${stepBackups} step backup(s), ${stepBackupMs.toFixed(0)} ms in all`
      );
    });
  return [...table, '', ...ratios, ...baselines, ...(details.length > 0 ? ['', ...details] : [])].join('\n');
}
