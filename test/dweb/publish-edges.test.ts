import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportBundle } from '../../src/dweb/export-bundle.ts';
import { publishBundle, rpcEndpoint } from '../../src/dweb/publish-bundle.ts';
import { DihyaError } from '../../src/errors/dihya-error.ts';
import { Migrator } from '../../src/migrator/migrator.ts';
import { createScratchDatabase, type ScratchDatabase } from '../helpers/databases.ts';
import { createProject, type TestProject } from '../helpers/project.ts';

const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (e: unknown) => e as DihyaError,
  );

describe('rpcEndpoint', () => {
  it('builds the RPC URL under any base path and moves credentials into a Basic header', () => {
    const { endpoint, authorization, shown } = rpcEndpoint('https://us%40r:p%3Ass@ipfs.example/base/', 'dag/import');
    expect(endpoint.toString()).toBe('https://ipfs.example/base/api/v0/dag/import');
    expect(authorization).toBe(`Basic ${Buffer.from('us@r:p:ss').toString('base64')}`);
    expect(shown).not.toContain('p%3Ass');
    const plain = rpcEndpoint('http://127.0.0.1:5001', 'dag/import');
    expect(plain.endpoint.toString()).toBe('http://127.0.0.1:5001/api/v0/dag/import');
    expect(plain.authorization).toBeUndefined();
  });

  it('refuses what is not an http(s) URL, with a hint', () => {
    for (const [api, reason] of [
      ['not a url', 'not a URL'],
      ['ftp://ipfs.example', 'not an http:// or https:// URL'],
    ]) {
      try {
        rpcEndpoint(api!, 'dag/import');
        expect.unreachable();
      } catch (error) {
        expect(DihyaError.is(error, 'DWEB_IPFS_API_INVALID')).toBe(true);
        expect((error as DihyaError).message).toContain(reason);
        expect((error as DihyaError).hint.length).toBeGreaterThan(0);
      }
    }
  });
});

describe('publishBundle against a node answering oddly', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  let car: string;
  let cid: string;
  let server: Server;
  let api: string;
  let answer: (body: string) => { status: number; body: string } = () => ({ status: 200, body: '' });
  beforeAll(async () => {
    db = await createScratchDatabase('sqlite');
    project = createProject({ '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key);\n' });
    const migrator = await Migrator.open({ cwd: project.dir, env: {}, overrides: { url: db.url } });
    try {
      await migrator.up();
      ({ car, cid } = await exportBundle(migrator));
    } finally {
      await migrator.close();
    }
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const { status, body } = answer(Buffer.concat(chunks).toString('latin1'));
        res.writeHead(status, { 'content-type': 'text/plain' }).end(body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    api = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve));
    project?.cleanup();
    await db?.drop();
  });

  it('a plain-text or empty refusal is DWEB_IPFS_REJECTED with the text (or "no message")', async () => {
    answer = () => ({ status: 403, body: '  forbidden for token sk_live_abcdefghijklmnop  ' });
    const plain = await failure(publishBundle(car, { api, timeoutMs: 10_000 }));
    expect(plain!.code).toBe('DWEB_IPFS_REJECTED');
    expect(plain!.message).toContain('forbidden');
    answer = () => ({ status: 500, body: '' });
    expect((await failure(publishBundle(car, { api, timeoutMs: 10_000 })))!.message).toContain('no message');
  });

  it('an answer without the root (non-JSON lines, other shapes) names what it reported', async () => {
    answer = () => ({ status: 200, body: 'progress 10%\n\n{"Stats":{}}\n{"Root":{"Cid":{"/":42}}}\n' });
    const error = await failure(publishBundle(car, { api, timeoutMs: 10_000 }));
    expect(error!.code).toBe('DWEB_IPFS_REJECTED');
    expect(error!.message).toContain(`it reported root(s) none, not ${cid}`);
  });

  it('accepts the root among others, pinned', async () => {
    answer = () => ({ status: 200, body: `${JSON.stringify({ Root: { Cid: { '/': 'bafyother' } } })}\n${JSON.stringify({ Root: { Cid: { '/': cid } } })}\n` });
    expect(await publishBundle(car, { api, timeoutMs: 10_000 })).toMatchObject({ cid, pinned: true });
  });

  it('a node that is not there is DWEB_IPFS_UNREACHABLE with the network code', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const error = await failure(publishBundle(car, { api: `http://127.0.0.1:${port}`, timeoutMs: 10_000 }));
    expect(error!.code).toBe('DWEB_IPFS_UNREACHABLE');
    expect(error!.message).toContain('ECONNREFUSED');
  });
});
