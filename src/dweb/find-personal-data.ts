import { redactSecrets } from '../privacy/redaction/redact-secrets.ts';

/**
 * The 1-based numbers of the lines of `text` that hold a personal value or a secret: a line the
 * redaction would change (see privacy/redaction: e-mail, phone, IBAN, card, NIR, `password=…`,
 * URL passwords) or that contains one of `secrets`. Only line numbers come back, never a value.
 * The whole text is redacted once first (most files hold nothing, and one pass is fast); only a
 * text that changes is looked at line by line. A value the redaction finds only across a line
 * break is reported at the line where the change starts.
 *
 * @example
 * findPersonalData('select 1;\n-- ask alice@example.org\n') // [2]
 */
export function findPersonalData(text: string, secrets: readonly string[] = []): number[] {
  const redacted = redactSecrets(text, secrets);
  if (redacted === text) return [];
  const lines: number[] = [];
  text.split(/\r?\n/).forEach((line, index) => {
    if (line !== '' && redactSecrets(line, secrets) !== line) lines.push(index + 1);
  });
  if (lines.length === 0) lines.push(lineOf(text, firstDifference(text, redacted)));
  return lines;
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}
