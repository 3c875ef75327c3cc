import type { ErrorCode } from '../../errors/error-messages.ts';
import { auditErrorsFr } from './errors-fr/audit.ts';
import { backfillErrorsFr } from './errors-fr/backfill.ts';
import { backupErrorsFr } from './errors-fr/backup.ts';
import { dwebErrorsFr } from './errors-fr/dweb.ts';
import type { FrenchText } from './errors-fr/french-text.ts';
import { hooksErrorsFr } from './errors-fr/hooks.ts';
import { layoutsErrorsFr } from './errors-fr/layouts.ts';
import { inputErrorsFr } from './errors-fr/input.ts';
import { migrationFilesErrorsFr } from './errors-fr/migration-files.ts';
import { monitorErrorsFr } from './errors-fr/monitor.ts';
import { privacyErrorsFr } from './errors-fr/privacy.ts';
import { rehearseErrorsFr } from './errors-fr/rehearse.ts';
import { runErrorsFr } from './errors-fr/run.ts';

/** Le texte français de chaque erreur, groupé par domaine dans `errors-fr/`. */
export const errorsFr = {
  ...inputErrorsFr,
  ...migrationFilesErrorsFr,
  ...runErrorsFr,
  ...backupErrorsFr,
  ...auditErrorsFr,
  ...dwebErrorsFr,
  ...monitorErrorsFr,
  ...privacyErrorsFr,
  ...hooksErrorsFr,
  ...layoutsErrorsFr,
  ...rehearseErrorsFr,
  ...backfillErrorsFr,
} satisfies Record<ErrorCode, FrenchText<never>>;
