/**
 * Bytes as MiB or GiB with two decimals.
 *
 * @example
 * formatBytes(1536 * 1024 * 1024) // '1.50 GiB'
 */
export function formatBytes(bytes: number): string {
  const mib = bytes / (1024 * 1024);
  return mib >= 1024 ? `${(mib / 1024).toFixed(2)} GiB` : `${mib.toFixed(1)} MiB`;
}

/**
 * Milliseconds as seconds (two decimals), or as minutes and seconds past two minutes.
 *
 * @example
 * formatSeconds(1234)   // '1.23 s'
 * formatSeconds(185000) // '3 min 05 s'
 */
export function formatSeconds(ms: number): string {
  if (ms < 120_000) return `${(ms / 1000).toFixed(2)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}
