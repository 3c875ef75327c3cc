import type { RegisterCommands } from './command-context.ts';

/** export ipfs | verify | publish: content-addressed bundles for IPFS. */
export const registerDwebCommands: RegisterCommands = ({ program, m, io, action, globals }) => {
  const h = m.dweb.help;
  const group = program.command('export').description(h.export);
  const commands = () => import('../commands/dweb.ts');
  group
    .command('ipfs')
    .description(h.exportIpfs)
    .option('--out <file>', h.out)
    .action(action('export ipfs', async (o: { out?: string }) => (await commands()).exportIpfsCommand(globals(), o, io)));
  group
    .command('verify <bundle>')
    .description(h.exportVerify)
    .action(action('export verify', async (bundle: string) => (await commands()).exportVerifyCommand(globals(), bundle)));
  group
    .command('publish [bundle]')
    .description(h.exportPublish)
    .option('--ipfs-api <url>', h.ipfsApi)
    .option('--timeout <ms>', h.timeout)
    .action(
      action('export publish', async (bundle: string | undefined, o: { ipfsApi?: string; timeout?: string }) =>
        (await commands()).exportPublishCommand(globals(), bundle, o),
      ),
    );
};
