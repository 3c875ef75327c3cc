// Runs the CLI from source (Node strips the types), for tests that need real processes.
import { runCli } from '../../src/cli/main.ts';

process.exitCode = await runCli(process.argv.slice(2));
