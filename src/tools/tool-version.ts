import { statSync } from 'node:fs';
import { runTool } from './run-tool.ts';

/** `--version` outputs already read, per executable file as it is on disk (path, inode, size, mtime). */
const versions = new Map<string, Promise<string>>();

/**
 * What `<tool> --version` prints, run once per process and executable: a run that takes a backup
 * before every migration spawns it once, not once per backup. A tool replaced on disk (another
 * inode, size or modification time) is asked again; a failed run is not remembered.
 *
 * @example
 * await toolVersionOutput('/usr/bin/mariadb-dump') // 'mariadb-dump from 11.8.6-MariaDB, client 10.19 for debian-linux-gnu (x86_64)\n'
 */
export function toolVersionOutput(command: string): Promise<string> {
  const key = fileKey(command);
  const known = versions.get(key);
  if (known) return known;
  const output = runTool({ command, args: ['--version'] }).then(({ stdout }) => stdout);
  versions.set(key, output);
  output.catch(() => versions.delete(key));
  return output;
}

function fileKey(command: string): string {
  try {
    const stat = statSync(command);
    return `${command}\0${stat.ino}\0${stat.size}\0${stat.mtimeMs}`;
  } catch {
    return command; // missing: runTool reports it
  }
}
