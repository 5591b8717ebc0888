import { invalidArgument } from '../errors.js';
import { decodeBase64Url, encodeBase64Url } from './base64url.js';
import { fnv1a64 } from './fnv1a.js';

const VERSION = 1;
/** Real tokens are about 60 characters; anything far longer is not ours. */
const MAX_TOKEN_LENGTH = 256;

interface TokenBody {
  v: number;
  /** Offset of the next page. */
  o: number;
  /** Hash of the query fingerprint, so a token cannot be replayed against another query. */
  f: string;
}

/**
 * An opaque page token: the offset of the next page bound to the query it came from. `fingerprint` is
 * any string the caller derives from the query (filter, order, experiment ids, view type).
 */
export function encodePageToken(offset: number, fingerprint: string): string {
  if (!Number.isSafeInteger(offset) || offset < 0) {
    throw invalidArgument(`page offset must be a non-negative integer, got ${offset}`);
  }
  const body: TokenBody = { v: VERSION, o: offset, f: fnv1a64(fingerprint) };
  return encodeBase64Url(JSON.stringify(body));
}

/** The offset a token encodes; 0 for no token. Rejects garbage and tokens of a different query. */
export function decodePageToken(token: string | undefined, fingerprint: string): number {
  if (token === undefined || token === '') return 0;
  const body = token.length <= MAX_TOKEN_LENGTH ? parseBody(token) : undefined;
  if (body === undefined) {
    throw invalidArgument('Invalid page token: it is not a token this server issued', {
      pageToken: token.slice(0, 64),
    });
  }
  if (body.f !== fnv1a64(fingerprint)) {
    throw invalidArgument(
      'Invalid page token: it belongs to a different query; pass the same filter, order_by and ' +
        'scope as the request that returned it, or start again without a page token',
    );
  }
  return body.o;
}

function parseBody(token: string): TokenBody | undefined {
  const json = decodeBase64Url(token);
  if (json === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { v, o, f } = parsed as Record<string, unknown>;
  if (v !== VERSION || typeof f !== 'string') return undefined;
  if (typeof o !== 'number' || !Number.isSafeInteger(o) || o < 0) return undefined;
  return { v, o, f };
}
