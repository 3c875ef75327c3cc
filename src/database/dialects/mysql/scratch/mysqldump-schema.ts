import { runTool } from '../../../../tools/run-tool.ts';
import { dumpCompatibilityArgs, type MysqlClientTool } from '../session/mysql-client-tools.ts';
import { writeMysqlOptionFile } from '../session/mysql-option-file.ts';

/**
 * Writes the schema of `database`, without rows, into `file` with mariadb-dump/mysqldump:
 * `--no-data --routines --triggers` (tables, views, sequences, procedures, functions, triggers;
 * not events, which would run on schedule in the copy), without DROP statements
 * (`--skip-add-drop-table`) so replaying it can never remove anything, and in a consistent
 * snapshot that takes no table lock (`--single-transaction`). Connection settings and password go
 * in a 0600 option file, never on the command line. With `tables`, only those tables (their
 * triggers, and every routine of the database).
 *
 * @example
 * await dumpMysqlSchemaWithTool(url, 'shop', '/tmp/dihya-schema-x1/schema.sql', tool, true)
 */
export async function dumpMysqlSchemaWithTool(
  url: string,
  database: string,
  file: string,
  tool: MysqlClientTool,
  serverIsMariadb: boolean,
  tables?: readonly string[],
): Promise<void> {
  const options = await writeMysqlOptionFile(url);
  try {
    const args = [
      options.argument,
      '--no-data',
      '--routines',
      '--triggers',
      '--single-transaction',
      '--skip-add-drop-table',
      '--no-tablespaces',
      '--default-character-set=utf8mb4',
      `--result-file=${file}`,
    ];
    // No table at all: the routines only (naming no table would dump them all).
    if (tables?.length === 0) args.push('--no-create-info', '--skip-triggers');
    args.push(...dumpCompatibilityArgs(tool, serverIsMariadb), '--', database, ...(tables ?? []));
    await runTool({ command: tool.path, args, secrets: options.secrets });
  } finally {
    await options.remove();
  }
}
