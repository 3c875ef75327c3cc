import path from 'node:path';
import type { PrivacyConfig } from '../../config/sections/privacy.ts';
import { DihyaError } from '../../errors/dihya-error.ts';
import type { LoadedMigration } from '../../migrations/load-migration.ts';
import type { RunExtension } from '../../pipeline/run-extension.ts';
import { personalKindsIn } from '../redaction/redact.ts';

/**
 * E-mail addresses on domains reserved for examples and tests (RFC 2606, RFC 6761): they belong
 * to no one, so fixtures may use them.
 */
const RESERVED_EMAIL =
  /[^\s'"`<>(),;:[\]]+@(?:[\p{L}\p{N}-]+\.)*(?:example\.(?:com|net|org)|[\p{L}\p{N}-]+\.(?:example|test|invalid|localhost))(?![\p{L}\p{N}.-])/giu;

/** A personal value found in a migration file: where, and what kind (never the value). */
export interface PersonalLiteral {
  line: number;
  kinds: string[];
}

/**
 * The lines of a migration file that hold a personal value: an e-mail address (not on a
 * reserved domain), a phone number, an IBAN, a card number or a NIR, in code, strings or comments.
 *
 * @example
 * findPersonalLiterals("insert into customers (email) values ('ana@corp.fr');") // [{ line: 1, kinds: ['email'] }]
 * findPersonalLiterals("insert into customers (email) values ('ana@example.com');") // []
 */
export function findPersonalLiterals(text: string): PersonalLiteral[] {
  const found: PersonalLiteral[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const kinds = personalKindsIn(line.includes('@') ? line.replace(RESERVED_EMAIL, 'reserved-address') : line).filter((k) => k !== 'secret');
    if (kinds.length > 0) found.push({ line: index + 1, kinds });
  }
  return found;
}

/**
 * Throws PRIVACY_LITERAL for the first migration file holding a personal value (naming the file
 * and line, never the value), unless `privacy.literals.allow` names the file (by name or file name).
 *
 * @example
 * refusePersonalLiterals(migrations, config.privacy)
 */
export function refusePersonalLiterals(migrations: LoadedMigration[], privacy: PrivacyConfig): void {
  for (const migration of migrations) {
    const file = path.basename(migration.file);
    if (privacy.literals.allow[migration.name] !== undefined || privacy.literals.allow[file] !== undefined) continue;
    const [first] = findPersonalLiterals(migration.text);
    if (first) throw new DihyaError('PRIVACY_LITERAL', { file, line: first.line, kinds: first.kinds.join(', ') });
  }
}

/**
 * The `prepare` extension that refuses a run (and `validate`) when a migration about to be
 * loaded holds a personal value.
 *
 * @example
 * const extension = personalLiteralsExtension(config.privacy)
 */
export function personalLiteralsExtension(privacy: PrivacyConfig): RunExtension {
  return {
    name: 'privacy: personal values in migration files',
    prepare: ({ migrations }) => refusePersonalLiterals(migrations, privacy),
  };
}
