import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { identity } from 'multiformats/hashes/identity';
import { sha256, sha512 } from 'multiformats/hashes/sha2';
import { create as createDigest } from 'multiformats/hashes/digest';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { encodeAuditLine, GENESIS_HASH } from '../../src/audit/audit-line.ts';
import { exportProgressPrinter } from '../../src/cli/commands/dweb.ts';
import { en } from '../../src/cli/i18n/messages-en.ts';
import { configSchema } from '../../src/config/config-schema.ts';
import { buildIndex } from '../../src/dweb/bundle-index.ts';
import { CarFileWriter } from '../../src/dweb/car-file-writer.ts';
import { bundleFileName, exportFolder, latestBundle } from '../../src/dweb/export-folder.ts';
import { findPersonalData } from '../../src/dweb/find-personal-data.ts';
import { openBundle } from '../../src/dweb/open-bundle.ts';
import { rpcEndpoint } from '../../src/dweb/publish-bundle.ts';
import { readCheckedCar } from '../../src/dweb/read-car.ts';
import { knownSecrets } from '../../src/dweb/secrets-in-env.ts';
import { importTree, type TreeFile } from '../../src/dweb/unixfs-tree.ts';
import { DihyaError } from '../../src/errors/dihya-error.ts';
import { writeCar } from '../helpers/car-tamper.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dihya-dweb-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const enc = (s: string) => Buffer.from(s);

/** A well-formed bundle's files: one migration, an audit of two chained entries, and its index. */
function bundleFiles(change: { audit?: string; index?: (index: Record<string, unknown>) => unknown; extra?: TreeFile[] } = {}): TreeFile[] {
  const first = encodeAuditLine({ seq: 1, ts: '2026-01-01T00:00:00.000Z', actor: 'ci', target: 'sqlite:x.db', event: 'run.start', prev: GENESIS_HASH });
  const second = encodeAuditLine({ seq: 2, ts: '2026-01-01T00:00:01.000Z', actor: 'ci', target: 'sqlite:x.db', event: 'run.end', prev: first.hash });
  const audit = change.audit ?? `${first.line}\n${second.line}\n`;
  const files: TreeFile[] = [
    { path: 'audit.jsonl', bytes: enc(audit) },
    { path: 'migrations/20260101000000_a.sql', bytes: enc('-- migrate:up\nselect 1;\n') },
  ];
  const index = buildIndex(files, {
    tool: 'dihya-migrate test',
    createdAt: '2026-01-01T00:00:02.000Z',
    target: 'sqlite:x.db',
    dialect: 'sqlite',
    audit: { file: 'audit.jsonl', entries: 2, head: { seq: 2, hash: second.hash } },
    previousExport: null,
  });
  const json = change.index ? change.index(index) : index;
  return [...files, ...(change.extra ?? []), { path: 'index.json', bytes: enc(typeof json === 'string' ? json : JSON.stringify(json)) }];
}

async function collect(chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

async function carOf(files: TreeFile[], name = 'b.car'): Promise<string> {
  const blocks: { cid: CID; bytes: Uint8Array }[] = [];
  const { root } = await importTree(files, { put: (cid, bytes) => (blocks.push({ cid, bytes: bytes as Uint8Array }), cid) });
  const file = path.join(dir, name);
  await writeCar(file, [root], blocks);
  return file;
}

async function problemOf(file: string): Promise<string> {
  try {
    await openBundle(file);
    return 'none';
  } catch (error) {
    if (!(error instanceof DihyaError)) throw error;
    return error.message;
  }
}

describe('openBundle on crafted bundles', () => {
  it('opens a well-formed bundle', async () => {
    const bundle = await openBundle(await carOf(bundleFiles()));
    expect(bundle.auditLines).toHaveLength(2);
    expect([...bundle.files.keys()].sort()).toEqual(['audit.jsonl', 'index.json', 'migrations/20260101000000_a.sql']);
  });

  it('names what is wrong with the index and the exported audit', async () => {
    expect(await problemOf(await carOf(bundleFiles({ index: () => '{ not json' })))).toMatch(/index.json is not JSON/);
    expect(await problemOf(await carOf(bundleFiles({ index: (i) => ({ ...i, format: 'other/1' }) })))).toMatch(/index.json: format: /);
    expect(await problemOf(await carOf(bundleFiles().filter((f) => f.path !== 'index.json')))).toMatch(/not a dihya-migrate bundle \(no index.json\)/);
    expect(await problemOf(await carOf(bundleFiles({ extra: [{ path: 'stowaway.txt', bytes: enc('hi') }] })))).toMatch(
      /stowaway.txt does not match index.json/,
    );
    const lying = bundleFiles({ index: (i) => ({ ...i, files: (i.files as { path: string }[]).map((f) => ({ ...f, size: 1 })) }) });
    expect(await problemOf(await carOf(lying))).toMatch(/audit.jsonl does not match index.json/);
    expect(await problemOf(await carOf(bundleFiles({ audit: 'not an audit line\n' })))).toMatch(/its own audit log is broken at entry 1/);
    const head = bundleFiles({ index: (i) => ({ ...i, audit: { ...(i.audit as object), entries: 3 } }) });
    expect(await problemOf(await carOf(head))).toMatch(/its own audit log is broken at entry 2/);
  });

  it('refuses a chain that is broken inside the bundle even when the index agrees', async () => {
    const first = encodeAuditLine({ seq: 1, ts: 't', actor: 'ci', target: 'x', event: 'run.start', prev: GENESIS_HASH });
    const orphan = encodeAuditLine({ seq: 2, ts: 't', actor: 'ci', target: 'x', event: 'run.end', prev: 'f'.repeat(64) });
    const files = bundleFiles({ audit: `${first.line}\n${orphan.line}\n` });
    const index = JSON.parse(files.at(-1)!.bytes.toString());
    index.audit.head.hash = orphan.hash;
    expect(await problemOf(await carOf([...files.slice(0, -1), { path: 'index.json', bytes: enc(JSON.stringify(index)) }]))).toMatch(/broken at entry 2/);
  });

  it('refuses a root that is a file', async () => {
    const block = enc('just bytes');
    const cid = CID.createV1(raw.code, await sha256.digest(block));
    const file = path.join(dir, 'file.car');
    await writeCar(file, [cid], [{ cid, bytes: block }]);
    expect(await problemOf(file)).toMatch(/not a dihya-migrate bundle \(a raw, not a directory\)/);
  });
});

describe('readCheckedCar', () => {
  it('re-hashes sha2-256, sha2-512 and identity blocks; refuses a hash it cannot check', async () => {
    const bytes = enc('block');
    const blocks = [
      { cid: CID.createV1(raw.code, await sha256.digest(bytes)), bytes },
      { cid: CID.createV1(raw.code, await sha512.digest(bytes)), bytes },
      { cid: CID.createV1(raw.code, identity.digest(bytes)), bytes },
    ];
    const file = path.join(dir, 'hashes.car');
    await writeCar(file, [blocks[0]!.cid], blocks);
    expect((await readCheckedCar(file)).blocks).toBe(3);
    const unknown = { cid: CID.createV1(raw.code, createDigest(0xb220, new Uint8Array(32))), bytes };
    await writeCar(file, [unknown.cid], [unknown]);
    await expect(readCheckedCar(file)).rejects.toThrow(/does not hash to its CID/);
    const good = await carOf(bundleFiles(), 'good.car');
    const cut = path.join(dir, 'cut.car');
    writeFileSync(cut, (await import('node:fs')).readFileSync(good).subarray(0, -5));
    await expect(readCheckedCar(cut)).rejects.toThrow(/the CAR is cut or malformed/);
  });
});

describe('CarFileWriter', () => {
  it('writes each block once, takes chunked input, and removes the partial file on abort', async () => {
    const file = path.join(dir, 'w.car');
    const writer = await CarFileWriter.create(file);
    const bytes = enc('chunked block');
    const cid = CID.createV1(raw.code, await sha256.digest(bytes));
    async function* chunks() {
      yield bytes.subarray(0, 3);
      yield bytes.subarray(3);
    }
    await writer.put(cid, chunks());
    await writer.put(cid, bytes);
    const written = await writer.finish(cid);
    expect(written.blocks).toBe(1);
    const read = await readCheckedCar(file);
    expect(Buffer.concat(await collect(read.blockstore.get(cid))).equals(bytes)).toBe(true);
    await expect(CarFileWriter.create(file).then((w) => w.finish(cid))).rejects.toThrow(/EEXIST/);
    const partial = path.join(dir, 'p.car');
    const aborted = await CarFileWriter.create(partial);
    await aborted.put(cid, bytes);
    await aborted.abort();
    expect(existsSync(partial)).toBe(false);
  });
});

describe('secrets, personal data, names', () => {
  it('knows the URL passwords and the DIHYA_* secrets, not short or ordinary values', () => {
    expect(
      knownSecrets('postgres://app:p%40ss-word@db/shop', {
        DIHYA_URL: 'mysql://root:other-pw@db/x',
        DIHYA_PRIVACY_KEY: 'privacy-key-1',
        DIHYA_API_TOKEN: 'tok',
        DIHYA_ACTOR: 'deploy-bot',
        OTHER_KEY: 'not-ours-123',
      }),
    ).toEqual(['p@ss-word', 'other-pw', 'privacy-key-1']);
    expect(knownSecrets('sqlite:./app.db', { DIHYA_URL: 'not a url' })).toEqual([]);
    expect(knownSecrets('postgres://app@db/shop', {})).toEqual([]);
  });

  it('gives line numbers, never values', () => {
    expect(findPersonalData('select 1;\r\n-- call +33 6 12 34 56 78\r\nselect 2;\n-- iban FR76 3000 6000 0112 3456 7890 189\n')).toEqual([2, 4]);
    expect(findPersonalData('a\nthe s3cret-value\n', ['s3cret-value'])).toEqual([2]);
    expect(findPersonalData('version 20260101000000, hash 4f1c…\n')).toEqual([]);
    expect(findPersonalData('select 1;\npassword\n= hunter22\n')).toEqual([3]);
  });

  it('names bundles by time then CID, and finds the newest', () => {
    const config = { stateDir: path.join(dir, '.dihya'), url: 'sqlite:./app.db', cwd: dir };
    expect(latestBundle(config)).toBeUndefined();
    const folder = exportFolder(config);
    mkdirSync(folder, { recursive: true });
    expect(latestBundle(config)).toBeUndefined();
    expect(bundleFileName(new Date('2026-11-27T06:12:49.123Z'), 'bafyX')).toBe('20261127T061249Z-bafyX.car');
    for (const name of ['20261127T061249Z-bafyA.car', '20261128T000000Z-bafyB.car', 'notes.txt']) writeFileSync(path.join(folder, name), '');
    expect(latestBundle(config)).toBe(path.join(folder, '20261128T000000Z-bafyB.car'));
    expect(readdirSync(folder)).toHaveLength(3);
  });

  it('builds Kubo RPC URLs under any base path, with credentials as Basic auth', () => {
    expect(rpcEndpoint('http://127.0.0.1:5001', 'dag/import').endpoint.toString()).toBe('http://127.0.0.1:5001/api/v0/dag/import');
    const proxied = rpcEndpoint('https://u:p%3Aw@ipfs.example/proxy/', 'dag/import');
    expect(proxied.endpoint.toString()).toBe('https://ipfs.example/proxy/api/v0/dag/import');
    expect(proxied.authorization).toBe(`Basic ${Buffer.from('u:p:w').toString('base64')}`);
    expect(proxied.shown).toBe('https://u:***@ipfs.example/proxy/');
    expect(() => rpcEndpoint('ftp://127.0.0.1:5001', 'dag/import')).toThrow(/ftp:\/\/127.0.0.1:5001\/ is not usable: not an http/);
    expect(() => rpcEndpoint('127.0.0.1:5001', 'dag/import')).toThrow('The IPFS API URL 127.0.0.1:5001 is not usable: not a URL');
  });
});

describe('config and progress', () => {
  it('defaults the dweb section and refuses an API that is not http(s)', () => {
    expect(configSchema().parse({}).dweb).toEqual({ ipfsApi: 'http://127.0.0.1:5001', timeoutMs: 60000 });
    expect(configSchema().safeParse({ dweb: { ipfsApi: 'ftp://x' } }).success).toBe(false);
    expect(configSchema().safeParse({ dweb: { timeoutMs: 0 } }).success).toBe(false);
    expect(configSchema().safeParse({ dweb: { gateway: 'x' } }).success).toBe(false);
  });

  it('prints the phases of an export on a terminal only', () => {
    const lines: string[] = [];
    const io = { out: (l: string) => lines.push(l), err: (l: string) => lines.push(l) };
    const quiet = exportProgressPrinter(io, en, false);
    quiet({ phase: 'scan', files: 1, bytes: 1 });
    expect(lines).toEqual([]);
    const shown = exportProgressPrinter(io, en, true);
    shown({ phase: 'scan', files: 3, bytes: 100 * 1024 * 1024 });
    shown({ phase: 'import', files: 3, bytes: 100 * 1024 * 1024 });
    shown({ phase: 'written', file: 'b.car', bytes: 3 * 1024 ** 3 });
    shown({ phase: 'written', file: 'c.car', bytes: 2048 });
    expect(lines).toEqual([
      'scanning 3 file(s) (100.0 MiB) for personal values and secrets…',
      'hashing 3 file(s) into UnixFS blocks and writing the CAR…',
      'wrote b.car (3.00 GiB)',
      'wrote c.car (2.0 KiB)',
    ]);
  });
});

describe('dweb error texts', () => {
  it('renders every dweb error and every bundle problem in English and French, with a hint', async () => {
    const { dwebErrors, BUNDLE_PROBLEMS: problems } = await import('../../src/errors/codes/dweb.ts');
    const { dwebErrorsFr } = await import('../../src/cli/i18n/errors-fr/dweb.ts');
    const samples: Record<string, Record<string, unknown>[]> = {
      DWEB_PERSONAL_DATA: [
        { file: 'migrations/a.sql', line: 2, more: 0 },
        { file: 'migrations/a.sql', line: 2, more: 3 },
      ],
      DWEB_VERIFY_FAILED: problems.map((problem) => ({ file: 'b.car', problem, subject: 'bafyX' })),
      DWEB_AUDIT_DIVERGED: ['changed', 'missing', 'not-recorded'].map((how) => ({ file: 'b.car', seq: 7, how })),
    };
    const texts: string[] = [];
    for (const [code, english] of Object.entries(dwebErrors)) {
      const french = dwebErrorsFr[code as keyof typeof dwebErrorsFr] as { message: (d: never) => string; hint: (d: never) => string };
      for (const d of samples[code] ?? [{ file: 'b.car', url: 'http://127.0.0.1:5001/', reason: 'r', status: 500, timeoutMs: 10 }]) {
        for (const text of [english.message(d as never), english.hint(d as never), french.message(d as never), french.hint(d as never)]) texts.push(text);
      }
    }
    expect(texts.every((t) => t.length > 10 && !t.includes('undefined'))).toBe(true);
    expect(texts.filter((t) => t.includes('bafyX'))).toHaveLength(problems.length * 2);
    expect(texts).toContain(
      'Export refusé : la ligne 2 de migrations/a.sql contient une donnée personnelle ou un secret (et 3 autre(s) ligne(s)) ; un contenu IPFS est public et permanent',
    );
  });
});
