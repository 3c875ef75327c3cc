import { redactSecrets } from '../privacy/redaction/redact-secrets.ts';

/**
 * The 1-based numbers of the lines of `text` that hold a personal value or a secret: a line the
 * redaction would change (see privacy/redaction: e-mail, phone, IBAN, card, NIR, `password=…`,
 * URL passwords) or that contains one of `secrets`. Only line numbers come back, never a value.
 *
 * @example
 * findPersonalData('select 1;\n-- ask alice@example.org\n') // [2]
 */
export function findPersonalData(text: string, secrets: readonly string[] = []): number[] {
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line !== '' && redactSecrets(line, secrets) !== line) lines.push(index + 1);
  });
  return lines;
}
