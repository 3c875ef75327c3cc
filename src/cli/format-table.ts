/**
 * Lays out rows as aligned text columns.
 *
 * @example
 * formatTable(['a', 'b'], [['1', 'two']]) // ['a  b  ', '1  two'] (trailing spaces trimmed)
 */
export function formatTable(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}
