#!/usr/bin/env node
// Entry point of the dihya-migrate CLI: checks the Node.js version, turns on Node's compile cache,
// answers `--version` on its own, then runs the bundled CLI (dist/cli-bundle/main.js, built by
// `npm run build`), or dist/cli/main.js when the bundle is missing.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `error [NODE_TOO_OLD]: dihya-migrate needs Node.js >= 22.12, this is ${process.versions.node}\n` +
      '  hint: run it through `npx dihya-migrate` inside the project (it brings Node 24), or upgrade Node.js.\n',
  );
  process.exit(2);
}
// Builtins through getBuiltinModule, not `import`: an ES import of node:fs reads all its exports,
// lazy ones too (ReadStream loads the streams, promises readline…), a few ms at every start.
const { existsSync, lstatSync, mkdirSync, readFileSync } = process.getBuiltinModule('node:fs');
const module = process.getBuiltinModule('node:module');
const os = process.getBuiltinModule('node:os');
const path = process.getBuiltinModule('node:path');
const { URL } = process.getBuiltinModule('node:url');
// Compiled code is kept (later starts skip parsing and compiling) where NODE_COMPILE_CACHE says, else
// in a folder of the OS temp folder that only this user can read or write: code loaded from a cache
// another user could write would run as this one. A folder that is not ours and private: no cache.
if (process.env.NODE_COMPILE_CACHE) module.enableCompileCache?.();
else {
  const cacheDir = privateCacheDir();
  if (cacheDir) module.enableCompileCache?.(cacheDir);
}
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const bundle = new URL('../dist/cli-bundle/main.js', import.meta.url);
  const { runCli } = await import(existsSync(bundle) ? bundle.href : '../dist/cli/main.js');
  process.exitCode = await runCli(args);
}

/** `<tmp>/dihya-migrate-compile-cache-<uid>`, made 0700 if missing; undefined unless it is a real folder of this user that no one else can open. */
function privateCacheDir() {
  const uid = process.getuid?.();
  if (uid === undefined) return undefined;
  const dir = path.join(os.tmpdir(), `dihya-migrate-compile-cache-${uid}`);
  try {
    mkdirSync(dir, { mode: 0o700 });
  } catch {
    // It exists (checked below), or cannot be made (no cache).
  }
  try {
    const stat = lstatSync(dir);
    return stat.isDirectory() && stat.uid === uid && (stat.mode & 0o077) === 0 ? dir : undefined;
  } catch {
    return undefined;
  }
}
