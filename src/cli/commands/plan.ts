import { withMigrator, type GlobalOptions } from '../global-options.ts';
import type { CommandResult } from '../output.ts';

/** `plan`: a dry run: each pending migration and the SQL it would send. Changes nothing. */
export async function planCommand(globals: GlobalOptions, options: { to?: string }): Promise<CommandResult> {
  const results = await withMigrator(globals, (m) => m.plan(options.to ? { to: options.to } : {}));
  const text: string[] = [];
  if (results.length === 0) text.push('nothing to apply: the database is up to date');
  for (const r of results) {
    text.push(`-- ${r.name}: ${r.description}${r.transactional ? '' : ' (outside a transaction)'}`);
    for (const statement of r.statements) text.push(`${statement};`);
    if (r.incomplete) text.push(`-- (dry run stopped here: ${r.incomplete}; the rest depends on data)`);
    text.push('');
  }
  if (results.length > 0) text.push(`${results.length} migration(s) would be applied; run \`dihya-migrate up\` to apply them`);
  return { json: { pending: results }, text };
}
