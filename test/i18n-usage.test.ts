import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cli } from './helpers/cli.ts';
import { createProject, type TestProject } from './helpers/project.ts';

/** Words of commander's and our own English usage messages: none may be left in a French one. */
const ENGLISH = /\b(unknown|missing|required|argument missing|too many|must be|is not a valid|needs|got|did you mean)\b/i;

describe('usage errors in French with --lang fr, the parser’s own messages included', () => {
  let project: TestProject;
  let url: string;
  beforeEach(() => {
    project = createProject({ '20260101000000_t.sql': '-- migrate:up\ncreate table t (id integer primary key);\n' });
    url = `sqlite:${path.join(project.dir, 'app.db')}`;
  });
  afterEach(() => project.cleanup());

  it.each([
    [
      ['new', 'Bad Name'],
      '« Bad Name » n’est pas un nom de migration valide : utilisez des minuscules, des chiffres, _ et - (par ex. add_email)',
      '"Bad Name" is not a valid migration slug',
    ],
    [['up', '--bogus'], 'option inconnue « --bogus »', "unknown option '--bogus'"],
    [['down', '--step', '1'], 'option inconnue « --step » (vouliez-vous dire --steps ?)', "unknown option '--step' (did you mean --steps?)"],
    [['frobnicate'], 'commande inconnue « frobnicate »', "unknown command 'frobnicate'"],
    [['stauts'], 'commande inconnue « stauts » (vouliez-vous dire status ?)', "unknown command 'stauts' (did you mean status?)"],
    [['new'], 'argument obligatoire manquant « slug »', "missing required argument 'slug'"],
    [['down', '--steps'], 'l’option « --steps <n> » attend une valeur', "option '--steps <n>' needs a value"],
    [['new', 'a', 'b'], 'trop d’arguments pour « new »', "too many arguments for 'new'"],
    [['down', '--steps', 'abc'], '--steps <n> doit être un nombre entier >= 1, reçu « abc »', '--steps <n> must be a whole number >= 1, got "abc"'],
    [
      ['status', '--lock-timeout', 'soon'],
      '--lock-timeout <ms> doit être un nombre entier >= 0, reçu « soon »',
      '--lock-timeout <ms> must be a whole number >= 0',
    ],
    [
      ['backup', 'prune', '--older-than', 'soon'],
      '--older-than doit être un nombre suivi de d, h, m ou s (par ex. 30d), reçu « soon »',
      '--older-than must be a number followed by d, h, m or s',
    ],
    [['resolve'], 'resolve attend une version (ou --abandon-restore)', 'resolve needs a version (or --abandon-restore)'],
    [['resolve', '20260101000000'], 'resolve attend exactement une option parmi --applied, --rolled-back et --undo', 'resolve needs exactly one of'],
    [['audit', 'show', '--limit', '0'], '--limit <n> doit être un nombre entier >= 1, reçu « 0 »', '--limit <n> must be a whole number >= 1, got "0"'],
  ])('%j', async (args, french, english) => {
    const fr = await cli([...args, '--url', url, '--lang', 'fr'], project.dir);
    expect(fr.code).toBe(2);
    const [message, hint] = fr.stderr.trimEnd().split('\n');
    expect(message).toBe(`erreur [USAGE]: ${french}`);
    expect(message).not.toMatch(ENGLISH);
    expect(hint).toBe('  conseil: Lancez `dihya-migrate --help` pour voir les commandes et leurs options.');
    const json = await cli([...args, '--url', url, '--lang', 'fr', '--json'], project.dir);
    expect(json.json.error).toMatchObject({ code: 'USAGE', message: french });
    const en = await cli([...args, '--url', url], project.dir);
    expect(en.stderr).toContain(`error [USAGE]: ${english}`);
  });
});
