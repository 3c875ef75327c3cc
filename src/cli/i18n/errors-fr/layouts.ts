import type { FrenchErrors } from './french-text.ts';
import type { layoutsErrors } from '../../../errors/codes/layouts.ts';

/** Le texte français des erreurs de `layouts`, avec les mêmes `details` que le texte anglais. */
export const layoutsErrorsFr: FrenchErrors<typeof layoutsErrors> = {
  LAYOUT_FILE_INVALID: {
    message: (d) => `${d.file} ne suit pas la disposition ${d.layout}`,
    hint: (d) =>
      `Nommez-le ${d.expected}, sortez-le du dossier des migrations, ou réglez \`layout\` dans la configuration si le dossier suit une autre disposition.`,
  },
  SQITCH_PLAN_INVALID: {
    message: (d) => `Impossible de lire le plan Sqitch ${d.file}, ligne ${d.line} : ${d.reason}`,
    hint: () => 'Corrigez la ligne du plan (`nom [dépendances] date auteur <e-mail> # note`) ; `sqitch plan` montre comment Sqitch la lit.',
  },
  SQITCH_SCRIPT_MISSING: {
    message: (d) => `Le changement Sqitch ${d.change} n’a pas de script de déploiement ${d.file}`,
    hint: () => 'Ajoutez le script, ou retirez le changement de sqitch.plan.',
  },
};
