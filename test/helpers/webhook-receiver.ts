import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';

/** A request the receiver got: its body parsed as JSON. */
export interface ReceivedAlert {
  path: string;
  body: any;
  headers: IncomingMessage['headers'];
}

/** How the receiver answers the n-th request (1-based): a status code, or `hang` (never answers). */
export type Behaviour = (n: number) => number | 'hang';

/** A webhook receiver on a free loopback port (node:http). */
export interface WebhookReceiver {
  url: string;
  received: ReceivedAlert[];
  close(): Promise<void>;
}

export async function startReceiver(behaviour: Behaviour = () => 200): Promise<WebhookReceiver> {
  const received: ReceivedAlert[] = [];
  const hanging: ServerResponse[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (d) => (body += d));
    request.on('end', () => {
      received.push({ path: request.url ?? '/', body: JSON.parse(body), headers: request.headers });
      const answer = behaviour(received.length);
      if (answer === 'hang') hanging.push(response);
      else response.writeHead(answer, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}/hooks/T000/B000/secret-token`,
    received,
    close: async () => {
      for (const response of hanging) response.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
