/**
 * The prefix of a repeatable migration's version (Flyway `R__desc.sql` is recorded as `R__desc`):
 * it has no place among the versioned ones and always comes after them.
 *
 * @example
 * isRepeatableVersion('R__views') // true
 */
export const REPEATABLE_PREFIX = 'R__';

/**
 * True for the version of a repeatable migration (re-applied whenever its checksum changes).
 *
 * @example
 * isRepeatableVersion('1.2') // false
 */
export function isRepeatableVersion(version: string): boolean {
  return version.startsWith(REPEATABLE_PREFIX);
}

const NUMERIC = /^\d+(?:\.\d+)*$/;

/**
 * Orders migration versions as their layout means them: integers and dotted versions by number
 * (`2` < `10`, `1.2` < `1.10`, `1` = `1.0`, `000001` = `1`), 14-digit timestamps likewise;
 * repeatable ones (`R__…`) after every versioned one, by name; anything else as text.
 *
 * @example
 * ['1.10', '1.2', 'R__views', '2'].sort(compareVersions) // ['1.2', '1.10', '2', 'R__views']
 */
export function compareVersions(a: string, b: string): number {
  const repeatable = Number(isRepeatableVersion(a)) - Number(isRepeatableVersion(b));
  if (repeatable !== 0) return repeatable;
  if (NUMERIC.test(a) && NUMERIC.test(b)) {
    const left = a.split('.').map(BigInt);
    const right = b.split('.').map(BigInt);
    for (let i = 0; i < Math.max(left.length, right.length); i++) {
      const x = left[i] ?? 0n;
      const y = right[i] ?? 0n;
      if (x !== y) return x < y ? -1 : 1;
    }
    return 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The newest of some versions, repeatable ones left out; undefined when there is none.
 *
 * @example
 * newestVersion(['1.2', '1.10', 'R__views']) // '1.10'
 */
export function newestVersion(versions: Iterable<string>): string | undefined {
  return [...versions]
    .filter((v) => !isRepeatableVersion(v))
    .sort(compareVersions)
    .at(-1);
}
