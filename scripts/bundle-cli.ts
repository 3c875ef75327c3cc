/**
 * Bundles the CLI into dist/cli-bundle/ (run by `npm run build`, after tsc): src/cli/main.ts and
 * everything it imports, with kysely, zod and commander inlined, as a few ES module files split
 * where commands are loaded on demand. Starting Node then reads a handful of files instead of
 * about 600 modules (kysely alone is 263), which is most of the CLI's start-up time.
 * bin/dihya-migrate.js runs it (and falls back to dist/cli/main.js when it is missing).
 * Every other package stays external: pg, mysql2, pino, faker, helia… are loaded from
 * node_modules when a command needs them, exactly as from dist/.
 *
 * @example
 * node scripts/bundle-cli.ts
 */
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

/** Packages inlined in the bundle: pure JavaScript, loaded by every command. */
const INLINED = new Set(['kysely', 'zod', 'commander']);

const outDir = fileURLToPath(new URL('../dist/cli-bundle', import.meta.url));
rmSync(outDir, { recursive: true, force: true });
await build({
  input: fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)),
  platform: 'node',
  tsconfig: fileURLToPath(new URL('../tsconfig.build.json', import.meta.url)),
  external: (id) => {
    if (id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) return false;
    if (id.startsWith('node:')) return true;
    const name = id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]!;
    return !INLINED.has(name);
  },
  output: { dir: outDir, format: 'esm', sourcemap: true, chunkFileNames: '[name]-[hash].js' },
  logLevel: 'warn',
});
