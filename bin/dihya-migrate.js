#!/usr/bin/env node
// Entry point of the dihya-migrate CLI: checks the Node.js version, turns on Node's compile cache,
// answers `--version` on its own, then runs the bundled CLI (dist/cli-bundle/main.js, built by
// `npm run build`), or dist/cli/main.js when the bundle is missing.
import { existsSync, readFileSync } from 'node:fs';
import module from 'node:module';
import { URL } from 'node:url';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `error [NODE_TOO_OLD]: dihya-migrate needs Node.js >= 22.12, this is ${process.versions.node}\n` +
      '  hint: run it through `npx dihya-migrate` inside the project (it brings Node 24), or upgrade Node.js.\n',
  );
  process.exit(2);
}
// Compiled code is kept in the OS temp folder (or NODE_COMPILE_CACHE): later starts skip parsing.
module.enableCompileCache?.();
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  process.stdout.write(`${JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version}\n`);
} else {
  const bundle = new URL('../dist/cli-bundle/main.js', import.meta.url);
  const { runCli } = await import(existsSync(bundle) ? bundle.href : '../dist/cli/main.js');
  process.exitCode = await runCli(args);
}
