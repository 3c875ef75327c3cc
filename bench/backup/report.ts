import { DIHYA_PHASES, type DihyaPhase, type DihyaRun } from './dihya-tool.ts';
import { formatBytes, formatSeconds } from './format.ts';
import type { PlainRun } from './pg-dump-tool.ts';

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
 * Median, min and max wall time of each tool, dump sizes, and the ratio of medians
 * dihya-migrate / pg_dump.
 *
 * @example
 * console.log(formatResults(plainRuns, dihyaRuns))
 */
export function formatResults(plain: PlainRun[], dihya: DihyaRun[]): string {
  const row = (name: string, runs: { ms: number; dumpBytes: number }[], files: string): string[] => {
    const ms = runs.map((r) => r.ms);
    return [
      name,
      formatSeconds(median(ms)),
      formatSeconds(Math.min(...ms)),
      formatSeconds(Math.max(...ms)),
      formatBytes(median(runs.map((r) => r.dumpBytes))),
      files,
    ];
  };
  const table = renderTable(
    ['tool', 'median', 'min', 'max', 'dump file', 'written'],
    [row('pg_dump -Fc', plain, 'database.pgdump'), row('dihya-migrate', dihya, dihya[0]?.files.join(', ') ?? '')],
    new Set([1, 2, 3, 4]),
  );
  const ratio = median(dihya.map((r) => r.ms)) / median(plain.map((r) => r.ms));
  const spans = [plain, dihya].map((runs) => runs.map((r) => r.ms));
  const overlap = Math.max(...spans[0]!) >= Math.min(...spans[1]!) && Math.max(...spans[1]!) >= Math.min(...spans[0]!);
  const note = overlap ? "\n(the two tools' min–max ranges overlap: run-to-run noise is as large as the difference; see the breakdown below)" : '';
  return `${table}\n\ndihya-migrate / pg_dump = ${ratio.toFixed(2)}x (ratio of medians)${note}`;
}

/**
 * Where dihya-migrate's time goes: the median of each phase, its share of the median total, and
 * the pg_dump child inside dihya-migrate next to the plain pg_dump.
 *
 * @example
 * console.log(formatBreakdown(dihyaRuns, plainRuns))
 */
export function formatBreakdown(dihya: DihyaRun[], plain: PlainRun[]): string {
  const total = median(dihya.map((r) => r.ms));
  const phaseRows = (Object.keys(DIHYA_PHASES) as DihyaPhase[]).map((phase) => {
    const ms = median(dihya.map((r) => r.phases[phase]));
    return [DIHYA_PHASES[phase], formatSeconds(ms), `${((100 * ms) / total).toFixed(1)} %`];
  });
  const table = renderTable(
    ['dihya-migrate phase (median)', 'time', 'share'],
    [...phaseRows, ['total (median run)', formatSeconds(total), '100 %']],
    new Set([1, 2]),
  );
  const child = median(dihya.map((r) => r.phases.dump));
  const plainMs = median(plain.map((r) => r.ms));
  const own = total - child;
  return [
    table,
    '',
    `pg_dump child inside dihya-migrate: ${formatSeconds(child)} (median); plain pg_dump: ${formatSeconds(plainMs)} (median)`,
    `dihya-migrate's own work around pg_dump: ${formatSeconds(own)} = ${((100 * own) / plainMs).toFixed(1)} % of the plain pg_dump median`,
  ].join('\n');
}

function renderTable(header: string[], rows: string[][], rightAligned: Set<number>): string {
  const lines = [header, ...rows];
  const widths = header.map((_, col) => Math.max(...lines.map((line) => line[col]!.length)));
  const render = (line: string[]) =>
    line
      .map((cell, col) => (rightAligned.has(col) ? cell.padStart(widths[col]!) : cell.padEnd(widths[col]!)))
      .join('  ')
      .trimEnd();
  return [render(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(render)].join('\n');
}
