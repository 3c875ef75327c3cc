#!/usr/bin/env node
// Entry point of the dihya-migrate CLI: checks the Node.js version, then runs dist/cli/main.js.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 12)) {
  process.stderr.write(
    `error [NODE_TOO_OLD]: dihya-migrate needs Node.js >= 22.12, this is ${process.versions.node}\n` +
      '  hint: run it through `npx dihya-migrate` inside the project (it brings Node 24), or upgrade Node.js.\n',
  );
  process.exit(2);
}
const { runCli } = await import('../dist/cli/main.js');
process.exitCode = await runCli(process.argv.slice(2));
