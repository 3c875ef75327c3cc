/**
 * Redaction benchmark: `redactText` (libphonenumber-js for phones of every region, Unicode
 * e-mails, checksummed IBANs, cards and NIRs) on long log lines, against the hand-written
 * regexes it replaced (bench/redaction/previous-redaction.ts), measured in the same run. Lines:
 * a run log line of about 10 KB with versions, timestamps, hashes and counts but no personal
 * value; the same with personal values; plain words; and hostile inputs. Prints µs per line and
 * the ratio.
 *
 * @example
 * npm run bench:redaction
 * npm run bench:redaction -- --iterations 200
 */
import { parseArgs } from 'node:util';
import { redactText } from '../../src/privacy/redaction/redact.ts';
import { previousRedactText } from './previous-redaction.ts';

const { values } = parseArgs({ args: process.argv.slice(2), options: { iterations: { type: 'string', default: '100' } } });
const iterations = Number(values.iterations);

const LINES: [string, string][] = [
  [
    'log line, no personal value',
    '20261127061249_add_email applied at 2026-11-27T06:12:49.999Z in 1234 ms by root@vm, checksum 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08, 1000000 rows, pid 123456, port 5432; '.repeat(
      50,
    ),
  ],
  [
    'log line, personal values',
    'duplicate key (email)=(jane.doe@example.org) phone +33 6 12 34 56 78 or 06 12 34 56 78, card 4111 1111 1111 1111, iban FR76 3000 6000 0112 3456 7890 189, 416-555-0199 at 2026-11-27T06:12:49Z; '.repeat(
      50,
    ),
  ],
  ['short line', 'applied 20261127061249_add_phone in 12 ms'],
  ['words', 'lorem ipsum dolor sit amet '.repeat(400)],
  ['hostile: digit groups', '1 2 3 4 5 6 7 8 9 0 '.repeat(500)],
  ['hostile: plus signs', '+1 '.repeat(3000)],
];

function measure(redact: (text: string) => string, text: string): number {
  redact(text);
  const started = performance.now();
  for (let i = 0; i < iterations; i++) redact(text);
  return ((performance.now() - started) / iterations) * 1000;
}

console.log(`${iterations} iterations per line, node ${process.version}\n`);
console.log(`${'line'.padEnd(32)}${'chars'.padStart(8)}${'redactText µs'.padStart(16)}${'previous µs'.padStart(14)}${'ratio'.padStart(9)}`);
for (const [name, text] of LINES) {
  const now = measure(redactText, text);
  const before = measure(previousRedactText, text);
  console.log(
    `${name.padEnd(32)}${String(text.length).padStart(8)}${now.toFixed(1).padStart(16)}${before.toFixed(1).padStart(14)}${`${(now / before).toFixed(1)}x`.padStart(9)}`,
  );
}
