import type { CommanderError } from 'commander';
import { DihyaError } from '../errors/dihya-error.ts';
import type { UsageDetails } from '../errors/codes/input.ts';

/** How each of commander's messages reads, and the usage problem it is (commander 14). */
const COMMANDER_MESSAGES: [code: string, pattern: RegExp, details: (m: RegExpExecArray) => UsageDetails][] = [
  ['commander.unknownCommand', /unknown command '([^']*)'/, (m) => ({ usage: 'unknown-command', value: m[1]! })],
  ['commander.unknownOption', /unknown option '([^']*)'/, (m) => ({ usage: 'unknown-option', option: m[1]! })],
  ['commander.missingArgument', /missing required argument '([^']*)'/, (m) => ({ usage: 'missing-argument', value: m[1]! })],
  ['commander.optionMissingArgument', /option '([^']*)' argument missing/, (m) => ({ usage: 'option-needs-value', option: m[1]! })],
  ['commander.missingMandatoryOptionValue', /required option '([^']*)'/, (m) => ({ usage: 'missing-option', option: m[1]! })],
  ['commander.excessArguments', /too many arguments(?: for '([^']*)')?/, (m) => ({ usage: 'too-many-arguments', ...(m[1] ? { value: m[1] } : {}) })],
  [
    'commander.invalidArgument',
    /option '([^']*)' argument '([^']*)' is invalid\.(?: Allowed choices are (.*)\.)?/,
    (m) => ({ usage: 'invalid-choice', option: m[1]!, value: m[2]!, ...(m[3] ? { choices: m[3] } : {}) }),
  ],
  [
    'commander.conflictingOption',
    /option '([^']*)' cannot be used with option '([^']*)'/,
    (m) => ({ usage: 'conflicting-options', option: m[1]!, value: m[2]! }),
  ],
];

/**
 * A USAGE error for one of commander's parse errors, with its parts named, so it is printed in the
 * chosen language like every other error; a message this release does not know keeps its English text.
 *
 * @example
 * usageError(new CommanderError(1, 'commander.unknownOption', "error: unknown option '--bogus'")).details
 * // { usage: 'unknown-option', option: '--bogus' }
 */
export function usageError(error: CommanderError): DihyaError<'USAGE'> {
  const text = error.message.replace(/^error: /, '');
  const suggestion = /\(Did you mean (.+?)\?\)/.exec(text)?.[1];
  for (const [code, pattern, details] of COMMANDER_MESSAGES) {
    const match = code === error.code ? pattern.exec(text) : null;
    if (match) return new DihyaError('USAGE', { ...details(match), ...(suggestion ? { suggestion } : {}) });
  }
  return new DihyaError('USAGE', { reason: text.split('\n')[0]!, ...(suggestion ? { suggestion } : {}) });
}
