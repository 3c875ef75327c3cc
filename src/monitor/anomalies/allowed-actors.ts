/**
 * True when the actor running dihya-migrate, on this host, matches one of the patterns:
 * `who@where` with `*` as a wildcard, `who` matched against the actor (its part before the last
 * `@` when it has one, as the default `$USER@$HOSTNAME` does) and `where` against the host name;
 * a pattern without `@` matches the actor on any host. Case-insensitive.
 *
 * @example
 * actorAllowed(['ci@build-*', 'alice'], 'ci@build-7', 'build-7') // true
 * actorAllowed(['ci@build-*'], 'mallory@laptop', 'laptop')       // false
 */
export function actorAllowed(patterns: string[], actor: string, host: string): boolean {
  const at = actor.lastIndexOf('@');
  const who = at > 0 ? actor.slice(0, at) : actor;
  return patterns.some((pattern) => {
    const split = pattern.lastIndexOf('@');
    const [whoPattern, wherePattern] = split === -1 ? [pattern, '*'] : [pattern.slice(0, split), pattern.slice(split + 1)];
    return (glob(whoPattern).test(who) || glob(whoPattern).test(actor)) && glob(wherePattern).test(host);
  });
}

function glob(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i');
}
