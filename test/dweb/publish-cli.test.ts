import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { unixfs } from '@helia/unixfs';
import { CID } from 'multiformats/cid';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { HeliaKuboRpc } from '../helpers/helia-kubo-rpc.ts';
import { createProject, type TestProject } from '../helpers/project.ts';

const MIGRATIONS = {
  '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key, body varchar(100));\n-- migrate:down\ndrop table notes;\n',
  // More than one 256 KiB chunk, so the read-back walks a multi-block file.
  '20260102000000_notes_doc.sql': `-- migrate:up\ncreate table notes_doc (id integer primary key);\n${Array.from({ length: 9_000 }, (_, i) => `-- design note ${i + 1}: notes are kept forever`).join('\n')}\n`,
};

let node: HeliaKuboRpc;
beforeAll(async () => {
  node = await HeliaKuboRpc.start();
});
afterAll(async () => {
  await node.stop();
});

async function concat(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c);
  return Buffer.concat(parts);
}

describe.each(DIALECTS)('export publish to an IPFS node on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject(MIGRATIONS);
    node.mode = 'import';
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('publishes the latest export through POST /api/v0/dag/import; the node serves every file back by CID', async () => {
    const exported = (await run('export', 'ipfs')).json;
    const published = await run('export', 'publish', '--ipfs-api', node.url);
    expect(published.code, published.stdout).toBe(0);
    expect(published.json).toMatchObject({ cid: exported.cid, car: exported.car, pinned: true, bytes: exported.size });
    expect(node.requests.at(-1)).toMatchObject({ method: 'POST', url: '/api/v0/dag/import?pin-roots=true' });

    const root = CID.parse(exported.cid);
    expect(await node.helia.pins.isPinned(root)).toBe(true);
    const fs = unixfs(node.helia);
    for (const [name, content] of Object.entries(MIGRATIONS)) {
      expect((await concat(fs.cat(root, { path: `migrations/${name}` }))).equals(Buffer.from(content))).toBe(true);
    }
    const index = JSON.parse((await concat(fs.cat(root, { path: 'index.json' }))).toString());
    for (const entry of index.files) {
      const bytes = await concat(fs.cat(root, { path: entry.path }));
      expect([bytes.length, createHash('sha256').update(bytes).digest('hex')]).toEqual([entry.size, entry.sha256]);
    }
    // The published audit is, byte for byte, the start of the local one.
    const audit = (await concat(fs.cat(root, { path: 'audit.jsonl' }))).toString();
    const logs = path.join(project.dir, '.dihya', 'logs');
    const local = readFileSync(
      path.join(
        logs,
        readdirSync(logs).find((f) => f.startsWith('audit-'))!,
      ),
      'utf8',
    );
    expect(audit.split('\n').filter(Boolean)).toHaveLength(index.audit.entries);
    expect(local.startsWith(audit)).toBe(true);
  });
});

describe('export publish errors', () => {
  let db: ScratchDatabase;
  let project: TestProject;
  let car: string;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);

  beforeAll(async () => {
    db = await createScratchDatabase('sqlite');
    project = createProject(MIGRATIONS);
    expect((await run('up')).code).toBe(0);
    car = (await run('export', 'ipfs')).json.car;
  });
  afterAll(async () => {
    project.cleanup();
    await db.drop();
  });
  beforeEach(() => {
    node.mode = 'import';
  });

  it('says when the node cannot be reached, with a hint', async () => {
    const port = await freePort();
    const result = await run('export', 'publish', car, '--ipfs-api', `http://127.0.0.1:${port}`);
    expect(result.code).toBe(1);
    expect(result.json.error.code).toBe('DWEB_IPFS_UNREACHABLE');
    expect(result.json.error.message).toContain(`http://127.0.0.1:${port}`);
    expect(result.json.error.message).toContain('ECONNREFUSED');
    expect(result.json.error.hint).toContain('ipfs daemon');
    const blocked = await run('export', 'publish', car, '--ipfs-api', 'http://127.0.0.1:9');
    expect(blocked.json.error.message).toContain('cannot be reached: bad port');
  });

  it('gives up after the timeout', async () => {
    node.mode = 'hang';
    const result = await run('export', 'publish', car, '--ipfs-api', node.url, '--timeout', '300');
    expect(result.code).toBe(1);
    expect(result.json.error.code).toBe('DWEB_IPFS_TIMEOUT');
    expect(result.json.error.message).toContain('within 300 ms');
  });

  it('reports the node’s own error, redacted, and a root or pin it did not take', async () => {
    node.mode = 'error';
    let result = await run('export', 'publish', car, '--ipfs-api', node.url);
    expect(result.code).toBe(1);
    expect(result.json.error.code).toBe('DWEB_IPFS_REJECTED');
    expect(result.json.error.message).toContain('(HTTP 500): failed to import: disk full (ask [email])');
    node.mode = 'wrong-root';
    result = await run('export', 'publish', car, '--ipfs-api', node.url);
    expect(result.json.error.message).toMatch(/reported root\(s\) bafybeiczss\S+, not bafy/);
    node.mode = 'pin-error';
    result = await run('export', 'publish', car, '--ipfs-api', node.url);
    expect(result.json.error.message).toContain('pinning failed: pin: out of space');
    result = await run('export', 'publish', car, '--ipfs-api', `${node.url}/not-kubo/`);
    expect(result.json.error.message).toContain('(HTTP 404)');
  });

  it('takes the API from dweb.ipfsApi, sends its credentials as Basic auth, never prints them', async () => {
    writeFileSync(
      path.join(project.dir, 'dihya.config.json'),
      JSON.stringify({ dweb: { ipfsApi: node.url.replace('://', '://ops:Rpc-pw-123@'), timeoutMs: 5000 } }),
    );
    try {
      const result = await run('export', 'publish', car);
      expect(result.code, result.stdout).toBe(0);
      expect(result.json.api).toBe(`${node.url.replace('://', '://ops:***@')}/`);
      expect(node.requests.at(-1)!.authorization).toBe(`Basic ${Buffer.from('ops:Rpc-pw-123').toString('base64')}`);
      node.mode = 'error';
      const failed = await run('export', 'publish', car);
      expect(JSON.stringify(failed.json)).not.toContain('Rpc-pw-123');
    } finally {
      writeFileSync(path.join(project.dir, 'dihya.config.json'), '{}');
    }
    const invalid = path.join(project.dir, 'bad.config.json');
    writeFileSync(invalid, JSON.stringify({ dweb: { ipfsApi: 'ftp://127.0.0.1:5001' } }));
    const refused = await cli(['export', 'publish', car, '--config', invalid, '--json'], project.dir);
    expect(refused.code).toBe(2);
    expect(refused.json.error.code).toBe('CONFIG_INVALID');
    expect(refused.json.error.message).toContain('dweb.ipfsApi');
  });

  it('refuses bad input before sending anything: an API URL, a timeout, a bundle', async () => {
    const sent = node.requests.length;
    let result = await run('export', 'publish', car, '--ipfs-api', 'ftp://127.0.0.1:5001');
    expect(result.code).toBe(2);
    expect(result.json.error.code).toBe('DWEB_IPFS_API_INVALID');
    result = await run('export', 'publish', car, '--ipfs-api', 'not a url');
    expect(result.json.error.code).toBe('DWEB_IPFS_API_INVALID');
    result = await run('export', 'publish', car, '--timeout', 'soon');
    expect(result.code).toBe(2);
    expect(result.json.error.code).toBe('USAGE');
    result = await run('export', 'publish', path.join(project.dir, 'none.car'), '--ipfs-api', node.url);
    expect(result.json.error.code).toBe('DWEB_BUNDLE_NOT_FOUND');
    const damaged = path.join(project.dir, 'damaged.car');
    const bytes = readFileSync(car);
    writeFileSync(damaged, bytes.subarray(0, bytes.length - 10));
    result = await run('export', 'publish', damaged, '--ipfs-api', node.url);
    expect(result.code).toBe(1);
    expect(result.json.error.code).toBe('DWEB_VERIFY_FAILED');
    expect(node.requests.length).toBe(sent);
    const empty = createProject({});
    try {
      result = await cli(['export', 'publish', '--url', 'sqlite:./x.db', '--json'], empty.dir);
      expect(result.code).toBe(2);
      expect(result.json.error.code).toBe('DWEB_BUNDLE_NOT_FOUND');
    } finally {
      empty.cleanup();
    }
  });
});

/** A loopback port nothing listens on. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
