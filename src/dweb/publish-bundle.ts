import { openAsBlob, statSync } from 'node:fs';
import path from 'node:path';
import { DihyaError, reasonOf } from '../errors/dihya-error.ts';
import { redactText } from '../privacy/redaction/redact.ts';
import { redactUrl } from '../privacy/redaction/redact-url.ts';
import { openBundle } from './open-bundle.ts';

/** Where and how long to publish. */
export interface PublishOptions {
  /** Base URL of a Kubo RPC API, e.g. `http://127.0.0.1:5001` (credentials in it become Basic auth). */
  api: string;
  timeoutMs: number;
}

/** What the node answered. */
export interface PublishResult {
  cid: string;
  /** The API URL, credentials hidden. */
  api: string;
  /** Size of the CAR sent. */
  bytes: number;
  pinned: boolean;
}

/**
 * Publishes a bundle to a Kubo node through its RPC API: `POST /api/v0/dag/import` (multipart,
 * the CAR as `file`, roots pinned). The bundle is verified on its own first, so a damaged CAR is
 * never sent. Fails with a clear error when the node cannot be reached (DWEB_IPFS_UNREACHABLE),
 * does not answer in `timeoutMs` (DWEB_IPFS_TIMEOUT), or answers with an error or another root
 * (DWEB_IPFS_REJECTED).
 *
 * @example
 * const { cid } = await publishBundle('bundle.car', { api: 'http://127.0.0.1:5001', timeoutMs: 60000 })
 */
export async function publishBundle(file: string, options: PublishOptions): Promise<PublishResult> {
  const { endpoint, authorization, shown } = rpcEndpoint(options.api, 'dag/import');
  const bundle = await openBundle(file);
  const cid = bundle.root.toString();
  const form = new FormData();
  form.append('file', await openAsBlob(file, { type: 'application/vnd.ipld.car' }), path.basename(file));
  endpoint.searchParams.set('pin-roots', 'true');
  let response: Response;
  let text: string;
  try {
    response = await fetch(endpoint, {
      method: 'POST',
      body: form,
      headers: authorization ? { authorization } : {},
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    if (isTimeout(error)) throw new DihyaError('DWEB_IPFS_TIMEOUT', { url: shown, timeoutMs: options.timeoutMs }, { cause: error });
    throw new DihyaError('DWEB_IPFS_UNREACHABLE', { url: shown, reason: redactText(networkReason(error)) }, { cause: error });
  }
  if (!response.ok) throw new DihyaError('DWEB_IPFS_REJECTED', { url: shown, status: response.status, reason: kuboMessage(text) });
  const imported = importedRoots(text);
  const root = imported.find((r) => r.cid === cid);
  if (!root) {
    const got = imported.map((r) => r.cid).join(', ') || 'none';
    throw new DihyaError('DWEB_IPFS_REJECTED', { url: shown, status: response.status, reason: `it reported root(s) ${got}, not ${cid}` });
  }
  if (root.pinError)
    throw new DihyaError('DWEB_IPFS_REJECTED', { url: shown, status: response.status, reason: `pinning failed: ${redactText(root.pinError)}` });
  return { cid, api: shown, bytes: statSync(file).size, pinned: true };
}

/**
 * The URL of one Kubo RPC call under `api`, with credentials moved to a Basic authorization header
 * (fetch refuses URLs that carry them) and a form of `api` safe to print.
 *
 * @example
 * rpcEndpoint('http://u:pw@127.0.0.1:5001', 'dag/import') // { endpoint: URL(http://127.0.0.1:5001/api/v0/dag/import), authorization: 'Basic dTpwdw==', shown: 'http://u:***@127.0.0.1:5001/' }
 */
export function rpcEndpoint(api: string, call: string): { endpoint: URL; authorization?: string; shown: string } {
  let base: URL;
  try {
    base = new URL(api);
  } catch {
    throw new DihyaError('DWEB_IPFS_API_INVALID', { url: redactText(api), reason: 'not a URL' });
  }
  const shown = redactUrl(api);
  if (base.protocol !== 'http:' && base.protocol !== 'https:')
    throw new DihyaError('DWEB_IPFS_API_INVALID', { url: shown, reason: 'not an http:// or https:// URL' });
  const authorization = base.username
    ? `Basic ${Buffer.from(`${decodeURIComponent(base.username)}:${decodeURIComponent(base.password)}`).toString('base64')}`
    : undefined;
  base.username = '';
  base.password = '';
  const endpoint = new URL(`${base.pathname.replace(/\/+$/, '')}/api/v0/${call}`, base);
  return { endpoint, shown, ...(authorization ? { authorization } : {}) };
}

/** The roots a `dag/import` answer reports (one JSON object per line). */
function importedRoots(text: string): { cid: string; pinError: string }[] {
  const roots: { cid: string; pinError: string }[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      const value = JSON.parse(line) as { Root?: { Cid?: { '/'?: unknown }; PinErrorMsg?: unknown } };
      const cid = value.Root?.Cid?.['/'];
      if (typeof cid === 'string') roots.push({ cid, pinError: typeof value.Root?.PinErrorMsg === 'string' ? value.Root.PinErrorMsg : '' });
    } catch {
      // not a JSON line: ignored, the root check below reports what is missing
    }
  }
  return roots;
}

/** Kubo's error body is `{"Message": "...", "Code": 0, "Type": "error"}`; anything else is shown cut short. */
function kuboMessage(text: string): string {
  let message = text;
  try {
    const parsed = JSON.parse(text) as { Message?: unknown };
    if (typeof parsed.Message === 'string') message = parsed.Message;
  } catch {
    // plain text answer
  }
  return redactText(message.trim().slice(0, 300)) || 'no message';
}

function isTimeout(error: unknown): boolean {
  return error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
}

/** fetch's "fetch failed" hides the reason in `cause` (ECONNREFUSED, ENOTFOUND, "bad port"…). */
function networkReason(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? (error.cause as Error & { code?: unknown }) : undefined;
  if (!cause) return reasonOf(error);
  return typeof cause.code === 'string' ? `${cause.code} (${cause.message})` : cause.message;
}
