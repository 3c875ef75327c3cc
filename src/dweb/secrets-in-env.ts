const SECRET_NAME = /KEY|SECRET|TOKEN|PASS/i;

/** Secrets shorter than this are not searched for: they would match ordinary text. */
export const MIN_SECRET_LENGTH = 4;

/**
 * The secret values a bundle must never contain: the password of the database URL (and of
 * `DIHYA_URL`), and every `DIHYA_*` environment variable whose name says it is a secret
 * (`DIHYA_PRIVACY_KEY`, `…_TOKEN`, `…_SECRET`, `…_PASSWORD`).
 *
 * @example
 * knownSecrets('postgres://app:s3cret@db/shop', { DIHYA_PRIVACY_KEY: 'k-123456' }) // ['s3cret', 'k-123456']
 */
export function knownSecrets(url: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const secrets = new Set<string>();
  for (const candidate of [url, env.DIHYA_URL]) {
    const password = urlPassword(candidate);
    if (password) secrets.add(password);
  }
  for (const [name, value] of Object.entries(env)) {
    if (name.startsWith('DIHYA_') && SECRET_NAME.test(name) && value) secrets.add(value);
  }
  return [...secrets].filter((s) => s.length >= MIN_SECRET_LENGTH);
}

function urlPassword(url: string | undefined): string | undefined {
  if (!url || url.startsWith('sqlite:')) return undefined;
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}
