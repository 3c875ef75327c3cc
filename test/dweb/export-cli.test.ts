import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MemoryBlockstore } from 'blockstore-core/memory';
import { CID } from 'multiformats/cid';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeAuditLine } from '../../src/audit/audit-line.ts';
import { importTree } from '../../src/dweb/unixfs-tree.ts';
import { openBundle } from '../../src/dweb/open-bundle.ts';
import { carBlocks, corruptRawBlock, dropRawBlock, swapRoot, writeCar } from '../helpers/car-tamper.ts';
import { cli } from '../helpers/cli.ts';
import { createScratchDatabase, DIALECTS, type ScratchDatabase } from '../helpers/databases.ts';
import { forgeAudit } from '../helpers/forge-audit.ts';
import { createProject, type TestProject } from '../helpers/project.ts';

const MIGRATIONS = {
  '20260101000000_create_notes.sql': '-- migrate:up\ncreate table notes (id integer primary key, body varchar(100));\n-- migrate:down\ndrop table notes;\n',
  '20260102000000_add_flag.sql': '-- migrate:up\nalter table notes add column flag integer;\n-- migrate:down\nalter table notes drop column flag;\n',
};

describe.each(DIALECTS)('export ipfs / export verify on %s', (dialect) => {
  let db: ScratchDatabase;
  let project: TestProject;
  const run = (...args: string[]) => cli([...args, '--url', db.url, '--json'], project.dir);
  const auditFile = () => {
    const dir = path.join(project.dir, '.dihya', 'logs');
    return path.join(
      dir,
      readdirSync(dir).find((f) => f.startsWith('audit-'))!,
    );
  };
  const auditLines = () => readFileSync(auditFile(), 'utf8').split('\n').filter(Boolean);
  const tmp = (name: string) => path.join(project.dir, name);

  beforeEach(async () => {
    db = await createScratchDatabase(dialect);
    project = createProject(MIGRATIONS);
    expect((await run('up')).code).toBe(0);
  });
  afterEach(async () => {
    project.cleanup();
    await db.drop();
  });

  it('writes a 0600 CAR whose root is the Kubo import of the files, records dweb.exported, and verifies', async () => {
    const before = auditLines();
    const exported = await run('export', 'ipfs');
    expect(exported.code, exported.stdout).toBe(0);
    const { cid, car, size, files } = exported.json;
    expect(cid).toMatch(/^bafybei[a-z2-7]{52}$/);
    expect(statSync(car).size).toBe(size);
    expect(statSync(car).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(car)).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(project.dir, '.dihya', 'exports')).mode & 0o777).toBe(0o700);

    const bundle = await openBundle(car);
    const manifests = [...bundle.files.keys()].filter((p) => p.startsWith('backups/'));
    expect([...bundle.files.keys()].filter((p) => !p.startsWith('backups/'))).toEqual([
      'audit.jsonl',
      'history.json',
      'index.json',
      'migrations/20260101000000_create_notes.sql',
      'migrations/20260102000000_add_flag.sql',
    ]);
    expect(manifests.length).toBeGreaterThan(0);
    expect(manifests.every((p) => /^backups\/[^/]+\/manifest\.json$/.test(p))).toBe(true);
    expect(files).toBe(bundle.files.size);
    for (const [name, content] of Object.entries(MIGRATIONS)) expect(Buffer.from(bundle.files.get(`migrations/${name}`)!).toString()).toBe(content);

    // The exported audit is the local audit up to this run's run.start; then dweb.exported records the CID.
    const after = auditLines();
    expect(bundle.auditLines).toEqual(after.slice(0, before.length + 1));
    const recorded = decodeAuditLine(after[before.length + 1]!);
    expect(recorded.ok && recorded.entry).toMatchObject({ event: 'dweb.exported', cid, files, bytes: size, previous: null });
    // …then the run ends (the command's access entry may follow).
    expect(decodeAuditLine(after[before.length + 2]!).ok && decodeAuditLine(after[before.length + 2]!)).toMatchObject({ entry: { event: 'run.end' } });
    const head = decodeAuditLine(bundle.auditLines.at(-1)!);
    expect(bundle.index).toMatchObject({
      format: 'dihya-migrate-bundle/1',
      target: dialect === 'sqlite' ? db.url : db.url.replace(/:[^:@/]*@/, ':***@'),
      dialect,
      audit: { file: 'audit.jsonl', entries: before.length + 1, head: { seq: before.length + 1, hash: head.ok ? head.hash : '' } },
      previousExport: null,
      import: { cidVersion: 1, rawLeaves: true, chunker: 'size-262144', layout: 'balanced', maxLinksPerFileNode: 174 },
    });
    const history = JSON.parse(Buffer.from(bundle.files.get('history.json')!).toString());
    expect(history.map((r: { name: string }) => r.name)).toEqual(['20260101000000_create_notes', '20260102000000_add_flag']);

    // Anyone can recompute the root from the files alone.
    const recomputed = await importTree(
      [...bundle.files].map(([p, bytes]) => ({ path: p, bytes })),
      new MemoryBlockstore(),
    );
    expect(recomputed.root.toString()).toBe(cid);

    const verified = await run('export', 'verify', car);
    expect(verified.code, verified.stdout).toBe(0);
    // later: dweb.exported, run.end and the export command's access entry
    expect(verified.json).toMatchObject({ cid, files, audit: { exported: before.length + 1, later: 3 }, migrations: { unchanged: 2, added: [] } });

    // A later export links to this one, and the bundle still verifies once more happened since.
    project.write('20260103000000_more.sql', '-- migrate:up\ncreate table more_notes (id integer primary key);\n');
    expect((await run('up')).code).toBe(0);
    const second = await run('export', 'ipfs', '--out', tmp('second.car'));
    expect(second.json).toMatchObject({ car: tmp('second.car'), previousExport: cid });
    expect((await openBundle(tmp('second.car'))).index.previousExport).toBe(cid);
    const again = await run('export', 'verify', car);
    expect(again.code, again.stdout).toBe(0);
    expect(again.json.migrations).toEqual({ unchanged: 2, added: ['20260103000000_more.sql'] });
    expect(again.json.audit.later).toBeGreaterThan(2);
    const text = await cli(['export', 'verify', car, '--url', db.url], project.dir);
    expect(text.stdout).toContain(`ok: bundle ${cid}`);
    expect(text.stdout).toContain('added since the export: 20260103000000_more.sql');
  });

  it('detects a corrupted block, a missing block and a swapped root (exit 1, naming them)', async () => {
    const { car, cid } = (await run('export', 'ipfs')).json;
    const corrupted = await corruptRawBlock(car, tmp('corrupt.car'));
    let result = await run('export', 'verify', tmp('corrupt.car'));
    expect(result.code).toBe(1);
    expect(result.json.error.code).toBe('DWEB_VERIFY_FAILED');
    expect(result.json.error.message).toContain(`block ${corrupted} does not hash to its CID`);

    const dropped = await dropRawBlock(car, tmp('missing.car'));
    result = await run('export', 'verify', tmp('missing.car'));
    expect(result.code).toBe(1);
    expect(result.json.error.message).toContain(`block ${dropped} is missing`);

    // The header points at another directory of the same CAR (the migrations folder) …
    const { blocks } = await carBlocks(car);
    const migrationsFolder = await findFolder(car, 'migrations');
    await swapRoot(car, tmp('swapped.car'), migrationsFolder);
    result = await run('export', 'verify', tmp('swapped.car'));
    expect(result.code).toBe(1);
    expect(result.json.error.message).toContain('its root is not a dihya-migrate bundle (no index.json)');
    // … at a block that is not there …
    const absent = CID.parse('bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354');
    await swapRoot(car, tmp('absent.car'), absent);
    result = await run('export', 'verify', tmp('absent.car'));
    expect(result.json.error.message).toContain(`its root block ${absent.toString()} is not in the CAR`);
    // … or at the same files imported with other parameters (dag-pb leaves): valid, but not Kubo's root.
    const bundle = await openBundle(car);
    const otherBlocks: { cid: CID; bytes: Uint8Array }[] = [];
    const other = await importTree(
      [...bundle.files].map(([p, bytes]) => ({ path: p, bytes })),
      { put: (c, bytes) => (otherBlocks.push({ cid: c, bytes: bytes as Uint8Array }), c) },
      { rawLeaves: false },
    );
    await writeCar(tmp('reencoded.car'), [other.root], otherBlocks);
    result = await run('export', 'verify', tmp('reencoded.car'));
    expect(result.json.error.message).toContain(`its root ${other.root.toString()} is not the UnixFS import of its own files`);
    // Two roots, and a file that is no CAR at all.
    await writeCar(tmp('two.car'), [CID.parse(cid), absent], blocks);
    expect((await run('export', 'verify', tmp('two.car'))).json.error.message).toContain('names 2 roots instead of one');
    writeFileSync(tmp('text.car'), 'not a car\n');
    result = await run('export', 'verify', tmp('text.car'));
    expect(result.code).toBe(2);
    expect(result.json.error.code).toBe('DWEB_BUNDLE_UNREADABLE');
    result = await run('export', 'verify', tmp('nowhere.car'));
    expect(result.code).toBe(2);
    expect(result.json.error.code).toBe('DWEB_BUNDLE_NOT_FOUND');
    // The original still verifies.
    expect((await run('export', 'verify', car)).code).toBe(0);
  });

  it('catches an audit rewritten consistently in the file and the mirror after an export (audit verify --against)', async () => {
    const { car } = (await run('export', 'ipfs')).json;
    expect((await run('audit', 'verify', '--against', car)).json).toMatchObject({ intact: true, against: { exported: expect.any(Number) } });
    const target = decodeAuditLine(auditLines()[2]!);
    expect(target.ok && target.entry.event).toBe('migration.applied');
    await forgeAudit(db.url, auditFile(), 3, (entry) => {
      entry.name = '20260101000000_something_else';
    });
    const plain = await run('audit', 'verify');
    expect(plain.code, 'the forged chain is self-consistent').toBe(0);
    const against = await run('audit', 'verify', '--against', car);
    expect(against.code).toBe(1);
    expect(against.json.error.code).toBe('DWEB_AUDIT_DIVERGED');
    expect(against.json.error.message).toContain('entry 3 differs from the exported entry');
    const verify = await run('export', 'verify', car);
    expect(verify.code).toBe(1);
    expect(verify.json.error.message).toContain('entry 3 differs');
  });

  it('names an entry exported but gone, and an export the audit does not record', async () => {
    const { car } = (await run('export', 'ipfs')).json;
    const lines = auditLines();
    const exported = (await openBundle(car)).auditLines.length;
    // Drop the dweb.exported entry and everything after it (file and mirror alike): the anchor is gone.
    await forgeAudit(db.url, auditFile(), exported + 1, (entry) => {
      entry.event = 'run.end';
    });
    let result = await run('audit', 'verify', '--against', car);
    expect(result.json.error.message).toContain(`entry ${exported + 1} should be the \`dweb.exported\` entry`);
    // Cut the audit shorter than the bundle's (file and mirror alike).
    writeFileSync(auditFile(), lines.slice(0, exported - 1).join('\n') + '\n');
    const { connect } = await import('../../src/database/connect.ts');
    const t = await connect(db.url);
    await t.db.deleteFrom('dihya_audit').where('seq', '>=', exported).execute();
    await t.close();
    result = await run('audit', 'verify', '--against', car);
    expect(result.json.error.message).toContain(`entry ${exported} was exported but is missing from the local audit`);
  });

  it('fails verify when an exported migration file was changed or removed', async () => {
    const { car } = (await run('export', 'ipfs')).json;
    project.write('20260102000000_add_flag.sql', `${MIGRATIONS['20260102000000_add_flag.sql']}-- edited\n`);
    let result = await run('export', 'verify', car);
    expect(result.code).toBe(1);
    expect(result.json.error.message).toContain('migration 20260102000000_add_flag.sql differs from the exported file');
    project.remove('20260102000000_add_flag.sql');
    result = await run('export', 'verify', car);
    expect(result.json.error.message).toContain('migration 20260102000000_add_flag.sql is in the bundle but not in the migrations folder');
    // audit verify --against does not look at the migration files.
    expect((await run('audit', 'verify', '--against', car)).code).toBe(0);
  });

  it('refuses to export a personal value or a secret, naming file and line, writing nothing', async () => {
    const exportsDir = path.join(project.dir, '.dihya', 'exports');
    const events = () => auditLines().map((l) => JSON.parse(l).event);
    project.write('20260103000000_seed.sql', '-- migrate:up\n-- contact: alice.martin@example.org\nselect 1;\n');
    let result = await run('export', 'ipfs');
    expect(result.code).toBe(2);
    expect(result.json.error.code).toBe('DWEB_PERSONAL_DATA');
    expect(result.json.error.message).toContain('line 2 of migrations/20260103000000_seed.sql');
    expect(JSON.stringify(result.json)).not.toContain('alice');
    expect(existsSync(exportsDir) ? readdirSync(exportsDir, { recursive: true }).filter((f) => String(f).endsWith('.car')) : []).toEqual([]);
    expect(events()).not.toContain('dweb.exported');

    project.remove('20260103000000_seed.sql');
    process.env.DIHYA_PRIVACY_KEY = 'k3y-0f-the-privacy-helper';
    try {
      project.write('20260103000000_seed.sql', '-- migrate:up\nselect 1;\n-- key k3y-0f-the-privacy-helper\n');
      result = await run('export', 'ipfs');
      expect(result.json.error.message).toContain('line 3 of migrations/20260103000000_seed.sql');
      expect(JSON.stringify(result.json)).not.toContain('k3y-0f');
    } finally {
      delete process.env.DIHYA_PRIVACY_KEY;
    }
    expect(events()).not.toContain('dweb.exported');
    const text = await cli(['export', 'ipfs', '--url', db.url, '--lang', 'fr'], project.dir);
    expect(text.code).toBe(0);
  });

  it('refuses an --out file that exists, and a broken local audit', async () => {
    writeFileSync(tmp('taken.car'), 'mine');
    const result = await run('export', 'ipfs', '--out', tmp('taken.car'));
    expect(result.code).toBe(2);
    expect(result.json.error.code).toBe('DWEB_OUT_EXISTS');
    expect(readFileSync(tmp('taken.car'), 'utf8')).toBe('mine');
    writeFileSync(auditFile(), readFileSync(auditFile(), 'utf8').replace('"event":"migration.applied"', '"event":"migration.applyed"'));
    const broken = await run('export', 'ipfs');
    expect(broken.code).toBe(1);
    expect(['AUDIT_BROKEN', 'AUDIT_TAMPERED']).toContain(broken.json.error.code);
  });

  if (dialect === 'postgres') {
    it('never puts the URL password in the bundle', async () => {
      const url = db.url.replace('postgres@', 'postgres:Pg-s3cret-pw@');
      const exported = await cli(['export', 'ipfs', '--url', url, '--json'], project.dir);
      expect(exported.code, exported.stdout).toBe(0);
      const bytes = readFileSync(exported.json.car);
      expect(bytes.includes('Pg-s3cret-pw')).toBe(false);
      expect((await openBundle(exported.json.car)).index.target).toContain(':***@');
      project.write('20260103000000_leak.sql', '-- migrate:up\n-- Pg-s3cret-pw\nselect 1;\n');
      const refused = await cli(['export', 'ipfs', '--url', url, '--json'], project.dir);
      expect(refused.json.error.message).toContain('line 2 of migrations/20260103000000_leak.sql');
    });
  }
});

/** The CID of the bundle's sub-folder `name` (read through the exporter). */
async function findFolder(car: string, name: string): Promise<CID> {
  const { exporter } = await import('ipfs-unixfs-exporter');
  const { roots, blocks } = await carBlocks(car);
  const store = new MemoryBlockstore();
  for (const b of blocks) await store.put(b.cid, b.bytes);
  const root = roots[0]!;
  const entry = await exporter(`${root.toString()}/${name}`, store);
  return entry.cid;
}
