import { z } from 'zod';

/** `dweb` when the config does not set it. */
export const DWEB_DEFAULTS = { ipfsApi: 'http://127.0.0.1:5001', timeoutMs: 60_000 };

/** `dweb`: content-addressed bundles published to IPFS (`dihya-migrate export …`). */
export function dwebSection() {
  return z
    .object({
      /** RPC API of the Kubo node `export publish` sends bundles to. Default `http://127.0.0.1:5001`. */
      ipfsApi: z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL (the Kubo RPC API)' }).default('http://127.0.0.1:5001'),
      /** How long `export publish` waits for the node, in ms. Default 60000. */
      timeoutMs: z.number().int().min(1).default(60_000),
    })
    .strict()
    .default(DWEB_DEFAULTS);
}
