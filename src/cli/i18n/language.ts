import { DihyaError } from '../../errors/dihya-error.ts';
import { errorMessages } from '../../errors/error-messages.ts';
import { errorsFr } from './errors-fr.ts';
import { en, type Messages } from './messages-en.ts';
import { fr } from './messages-fr.ts';

export type Language = 'en' | 'fr';

/**
 * The language of messages: `--lang` when given (en or fr), else French when LC_ALL, LC_MESSAGES
 * or LANG starts with `fr`, else English.
 *
 * @example
 * pickLanguage(undefined, { LANG: 'fr_FR.UTF-8' }) // 'fr'
 */
export function pickLanguage(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): Language {
  if (flag !== undefined) {
    if (flag === 'en' || flag === 'fr') return flag;
    throw new DihyaError('USAGE', { usage: 'language', value: flag });
  }
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** The CLI texts of a language. */
export function messagesFor(language: Language): Messages {
  return language === 'fr' ? fr : en;
}

/** An error's message and hint in a language, from its code and details. */
export function localizeError(error: DihyaError, language: Language): { message: string; hint: string } {
  if (language === 'en') return { message: error.message, hint: error.hint };
  const text = errorsFr[error.code] ?? errorMessages[error.code];
  return { message: text.message(error.details), hint: text.hint(error.details) };
}
