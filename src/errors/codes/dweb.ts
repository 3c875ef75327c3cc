import { input, runtime } from '../error-text.ts';

/** What `export verify` (and `audit verify --against`) can find wrong with a bundle, one case each. */
export const BUNDLE_PROBLEMS = [
  'block-hash',
  'block-missing',
  'car-damaged',
  'root-count',
  'root-missing',
  'root-mismatch',
  'not-a-bundle',
  'index-mismatch',
  'audit-chain',
  'migration-missing',
  'migration-changed',
] as const;

/** One thing `export verify` found wrong with a bundle. */
export type BundleProblem = (typeof BUNDLE_PROBLEMS)[number];

/** How the local audit can stop extending a bundle's audit. */
export const AUDIT_DIVERGENCES = ['changed', 'missing', 'not-recorded'] as const;

/** How the local audit stopped extending a bundle's audit. */
export type AuditDivergence = (typeof AUDIT_DIVERGENCES)[number];

const PROBLEMS: Record<BundleProblem, (subject: string) => string> = {
  'block-hash': (s) => `block ${s} does not hash to its CID (the bundle was changed after it was written)`,
  'block-missing': (s) => `block ${s} is missing`,
  'car-damaged': (s) => `the CAR is cut or malformed (${s})`,
  'root-count': (s) => `its header names ${s} roots instead of one`,
  'root-missing': (s) => `its root block ${s} is not in the CAR`,
  'root-mismatch': (s) => `its root ${s} is not the UnixFS import of its own files (a swapped or re-encoded root)`,
  'not-a-bundle': (s) => `its root is not a dihya-migrate bundle (${s})`,
  'index-mismatch': (s) => `${s} does not match index.json`,
  'audit-chain': (s) => `its own audit log is broken at entry ${s}`,
  'migration-missing': (s) => `migration ${s} is in the bundle but not in the migrations folder`,
  'migration-changed': (s) => `migration ${s} differs from the exported file`,
};

const DIVERGENCES: Record<AuditDivergence, string> = {
  changed: 'differs from the exported entry (the local audit was rewritten)',
  missing: 'was exported but is missing from the local audit',
  'not-recorded': 'should be the `dweb.exported` entry that records this bundle, and is not',
};

/** Errors of the content-addressed bundles (export, verify, publish to IPFS). */
export const dwebErrors = {
  DWEB_PERSONAL_DATA: input<{ file: string; line: number; more: number }>(
    (d) =>
      `Export refused: line ${d.line} of ${d.file} holds a personal value or a secret${Number(d.more) > 0 ? ` (and ${d.more} more line(s))` : ''}; IPFS content is public and permanent`,
    () => 'Remove the value from that file (or from the history or audit it comes from), then export again. Nothing was written.',
  ),
  DWEB_OUT_EXISTS: input<{ file: string }>(
    (d) => `${d.file} already exists`,
    () => 'Choose another --out path, or move the existing file aside; an export never overwrites a file.',
  ),
  DWEB_BUNDLE_NOT_FOUND: input<{ file: string }>(
    (d) => `No bundle ${d.file}`,
    () => 'Give the path of a CAR written by `dihya-migrate export ipfs`, or run that command first.',
  ),
  DWEB_BUNDLE_UNREADABLE: input<{ file: string; reason: string }>(
    (d) => `${d.file} is not a CAR file: ${d.reason}`,
    () => 'Give the .car file written by `dihya-migrate export ipfs` (CARv1).',
  ),
  DWEB_VERIFY_FAILED: runtime<{ file: string; problem: BundleProblem; subject: string }>(
    (d) => `Bundle ${d.file} failed verification: ${PROBLEMS[d.problem](d.subject)}`,
    () => 'Do not trust this bundle. Fetch it again by its CID from IPFS (the CID is in the audit, event dweb.exported), or export a new one.',
  ),
  DWEB_AUDIT_DIVERGED: runtime<{ file: string; seq: number; how: AuditDivergence }>(
    (d) => `The local audit no longer extends the audit exported in ${d.file}: entry ${d.seq} ${DIVERGENCES[d.how]}`,
    () =>
      'The audit log and its database mirror were rewritten after the export. Compare them with the bundle (its audit.jsonl) and find out who changed them.',
  ),
  DWEB_IPFS_API_INVALID: input<{ url: string; reason: string }>(
    (d) => `The IPFS API URL ${d.url} is not usable: ${d.reason}`,
    () => 'Give the RPC API of a Kubo node, e.g. --ipfs-api http://127.0.0.1:5001 (or set dweb.ipfsApi).',
  ),
  DWEB_IPFS_UNREACHABLE: runtime<{ url: string; reason: string }>(
    (d) => `The IPFS node at ${d.url} cannot be reached: ${d.reason}`,
    () => 'Start it (`ipfs daemon`), or point to a running Kubo RPC API with --ipfs-api or dweb.ipfsApi. The bundle is still on disk; publish it again later.',
  ),
  DWEB_IPFS_TIMEOUT: runtime<{ url: string; timeoutMs: number }>(
    (d) => `The IPFS node at ${d.url} did not answer within ${d.timeoutMs} ms`,
    () => 'Check that the node is not overloaded, or raise dweb.timeoutMs (or --timeout). Publishing again is safe: blocks are content-addressed.',
  ),
  DWEB_IPFS_REJECTED: runtime<{ url: string; status: number; reason: string }>(
    (d) => `The IPFS node at ${d.url} refused the bundle (HTTP ${d.status}): ${d.reason}`,
    () => 'Read the node’s message above; check its API access rules (API.Authorizations) and its disk space, then publish again.',
  ),
};
