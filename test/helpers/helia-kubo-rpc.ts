import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { CarBlockIterator } from '@ipld/car/iterator';
import { createHeliaLight, type Helia } from 'helia';

/** How the fake node answers `dag/import`. */
export type RpcMode = 'import' | 'error' | 'wrong-root' | 'pin-error' | 'hang';

/**
 * A real IPFS implementation in the test process: an offline Helia node (createHeliaLight: no
 * libp2p, no routing, no block brokers, so it never dials anyone) behind a loopback HTTP server
 * that speaks the one Kubo RPC call `export publish` uses, `POST /api/v0/dag/import`: the
 * multipart `file` is read as a CAR, every block goes into Helia's blockstore, the roots are
 * pinned, and the answer has Kubo's NDJSON shape.
 */
export class HeliaKuboRpc {
  readonly helia: Helia;
  readonly #server: Server;
  mode: RpcMode = 'import';
  /** Every request seen: method, path with query, and the authorization header. */
  readonly requests: { method: string; url: string; authorization?: string }[] = [];

  private constructor(helia: Helia, server: Server) {
    this.helia = helia;
    this.#server = server;
  }

  static async start(): Promise<HeliaKuboRpc> {
    const helia = createHeliaLight();
    await helia.start();
    const server = createServer();
    const self = new HeliaKuboRpc(helia, server);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      self.handle(req).then(
        (answer) => {
          if (answer === undefined) return; // hang: never answer
          res.writeHead(answer.status, { 'content-type': 'application/json' });
          res.end(answer.body);
        },
        (error: Error) => {
          res.writeHead(500, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ Message: error.message, Code: 0, Type: 'error' }));
        },
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  /** The API base URL, e.g. `http://127.0.0.1:40123`. */
  get url(): string {
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
    await this.helia.stop();
  }

  async handle(req: IncomingMessage): Promise<{ status: number; body: string } | undefined> {
    this.requests.push({ method: req.method ?? '', url: req.url ?? '', ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}) });
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (req.method !== 'POST') return { status: 405, body: JSON.stringify({ Message: `${req.method} not allowed`, Code: 0, Type: 'error' }) };
    if (url.pathname !== '/api/v0/dag/import') return { status: 404, body: '404 page not found' };
    if (this.mode === 'hang') return new Promise(() => undefined);
    if (this.mode === 'error')
      return { status: 500, body: JSON.stringify({ Message: 'failed to import: disk full (ask admin@example.org)', Code: 0, Type: 'error' }) };
    // Node's fetch Request parses the multipart body (undici); `duplex` is needed for a streamed body.
    const init: RequestInit & { duplex: 'half' } = {
      method: 'POST',
      headers: req.headers as Record<string, string>,
      body: Readable.toWeb(req) as ReadableStream,
      duplex: 'half',
    };
    const form = await new Request(`http://127.0.0.1${req.url}`, init).formData();
    const file = form.get('file');
    if (!(file instanceof Blob)) return { status: 400, body: JSON.stringify({ Message: 'no file part', Code: 0, Type: 'error' }) };
    const car = await CarBlockIterator.fromBytes(new Uint8Array(await file.arrayBuffer()));
    for await (const { cid, bytes } of car) await this.helia.blockstore.put(cid, bytes);
    const lines: string[] = [];
    for (const root of await car.getRoots()) {
      // Kubo pins idempotently; Helia refuses a second pin of the same root.
      if (url.searchParams.get('pin-roots') === 'true' && !(await this.helia.pins.isPinned(root))) for await (const _ of this.helia.pins.add(root)) void _;
      const cid = this.mode === 'wrong-root' ? 'bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354' : root.toString();
      lines.push(JSON.stringify({ Root: { Cid: { '/': cid }, PinErrorMsg: this.mode === 'pin-error' ? 'pin: out of space' : '' } }));
    }
    return { status: 200, body: `${lines.join('\n')}\n` };
  }
}
