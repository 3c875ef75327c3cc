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
import { builtinModules } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'rolldown';

/** Packages inlined in the bundle: pure JavaScript, loaded by every command. */
const INLINED = new Set(['kysely', 'zod', 'commander']);

/**
 * commander requires node:child_process when it loads, for subcommands run as separate
 * executables, which dihya-migrate has none of: the require moves to the first spawn, and
 * every start no longer loads child_process (and what it pulls in). A commander whose source no
 * longer has that line fails the build here, so that this is looked at again.
 */
const lazyChildProcess: Plugin = {
  name: 'commander-lazy-child-process',
  transform(code, id) {
    if (!/[\\/]commander[\\/]lib[\\/]command\.js$/.test(id)) return undefined;
    const eager = "const childProcess = require('node:child_process');";
    if (!code.includes(eager)) throw new Error(`bundle-cli: ${id} no longer has "${eager}"`);
    // One line for one line: the other lines keep their place, so the source map stays right.
    return { code: code.replace(eager, "const childProcess = { spawn: (...args) => require('node:child_process').spawn(...args) };"), map: null };
  },
};

/** The id of the module that stands for a Node.js builtin in the bundle. */
const BUILTIN_PREFIX = '\0builtin:';

/**
 * Node.js builtins as \`process.getBuiltinModule()\`, not \`import … from 'node:fs'\`: an ES import
 * of a builtin makes Node build its module namespace, which reads every export, lazy ones
 * included (node:fs's ReadStream loads the streams, node:fs/promises readline, node:util
 * parseArgs and the diff, node:crypto webcrypto…), about 10 ms of CPU at every start. Here only
 * the names the bundle uses are kept, and the builtin is loaded when one is first needed: a plain
 * function (lower-case name, nothing on it but length, name and prototype) is a wrapper that loads
 * it on its first call, anything else (classes, objects, functions that carry more, such as
 * realpathSync.native or a promisify.custom) is read when its chunk loads.
 */
const lazyBuiltins: Plugin = {
  name: 'lazy-builtins',
  resolveId(id, _importer, { kind }) {
    const name = id.startsWith('node:') ? id.slice('node:'.length) : id;
    if (!builtinModules.includes(name)) return undefined;
    // A require() (commander's) keeps Node's own: its interop would read every export.
    return kind === 'require-call' ? { id, external: true } : `${BUILTIN_PREFIX}${name}`;
  },
  async load(id) {
    if (!id.startsWith(BUILTIN_PREFIX)) return undefined;
    const name = id.slice(BUILTIN_PREFIX.length);
    const builtin = (await import(`node:${name}`)) as Record<string, unknown>;
    const names = Object.keys(builtin).filter((key) => key !== 'default' && /^[A-Za-z_$][\w$]*$/.test(key));
    const plainFunction = (key: string) => {
      const value = builtin[key];
      return typeof value === 'function' && /^[a-z]/.test(key) && Reflect.ownKeys(value).every((k) => k === 'length' || k === 'name' || k === 'prototype');
    };
    return [
      'let builtin;',
      `const load = () => (builtin ??= process.getBuiltinModule(${JSON.stringify(`node:${name}`)}));`,
      'const pick = (key) => load()[key];',
      'const onCall = (key) => function (...args) { return load()[key].apply(this, args); };',
      // Pure: a name no chunk uses is dropped, and nothing of it runs.
      'export default /* @__PURE__ */ load();',
      ...names.map((key) => `export const ${key} = /* @__PURE__ */ ${plainFunction(key) ? 'onCall' : 'pick'}(${JSON.stringify(key)});`),
    ].join('\n');
  },
};

const outDir = fileURLToPath(new URL('../dist/cli-bundle', import.meta.url));
rmSync(outDir, { recursive: true, force: true });
await build({
  input: fileURLToPath(new URL('../src/cli/main.ts', import.meta.url)),
  platform: 'node',
  tsconfig: fileURLToPath(new URL('../tsconfig.build.json', import.meta.url)),
  external: (id) => {
    if (id.startsWith('.') || id.startsWith('/') || id.startsWith('\0')) return false;
    if (id.startsWith('node:') || builtinModules.includes(id)) return false; // lazyBuiltins
    const name = id.startsWith('@') ? id.split('/').slice(0, 2).join('/') : id.split('/')[0]!;
    return !INLINED.has(name);
  },
  output: {
    dir: outDir,
    format: 'esm',
    sourcemap: true,
    chunkFileNames: '[name]-[hash].js',
    // ASCII only (strings escaped, JSDoc left to the source maps): Node reads an ASCII file as a
    // one-byte string, half the bytes to hash against the compile cache and to keep.
    charset: 'ascii',
    comments: { jsdoc: false, legal: true, annotation: true },
  },
  plugins: [lazyChildProcess, lazyBuiltins],
  logLevel: 'warn',
});
