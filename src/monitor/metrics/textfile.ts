import { accessSync, constants, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DihyaError, reasonOf } from '../../errors/dihya-error.ts';

/**
 * Checks, before any work, that a node_exporter textfile can be written: a `.prom` name in an
 * existing, writable folder. Throws METRICS_FILE_INVALID.
 *
 * @example
 * checkMetricsFile('/var/lib/node_exporter/textfile/dihya.prom')
 */
export function checkMetricsFile(file: string): void {
  if (!file.endsWith('.prom')) throw new DihyaError('METRICS_FILE_INVALID', { file, reason: 'node_exporter reads only files ending in .prom' });
  const dir = path.dirname(file);
  try {
    if (!statSync(dir).isDirectory()) throw new Error(`${dir} is not a folder`);
    accessSync(dir, constants.W_OK);
  } catch (error) {
    throw new DihyaError('METRICS_FILE_INVALID', { file, reason: reasonOf(error) }, { cause: error });
  }
}

/**
 * Writes the exposition atomically: to a temporary file in the same folder, then renamed over
 * the target, so node_exporter never reads half a file. Readable by others (0644): node_exporter
 * runs as its own user, and metrics hold no secret nor personal value. Throws METRICS_FILE_WRITE_FAILED.
 *
 * @example
 * writeTextfile('/var/lib/node_exporter/textfile/dihya.prom', await registry.metrics())
 */
export function writeTextfile(file: string, text: string): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(temporary, text, { mode: 0o644 });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw new DihyaError('METRICS_FILE_WRITE_FAILED', { file, reason: reasonOf(error) }, { cause: error });
  }
}
