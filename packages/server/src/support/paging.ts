import { createHash } from 'node:crypto';
import { decodePageToken, encodePageToken, invalidArgument } from '@slipway/core';

export interface PageRequest {
  maxResults?: number | undefined;
  pageToken?: string | undefined;
}

export interface ResolvedWindow {
  limit: number;
  offset: number;
  fingerprint: string;
}

/**
 * Turns max_results and an opaque page token into a store window. The token is bound to a fingerprint of
 * the query so a token from one search cannot silently page through another.
 */
export function resolveWindow(
  request: PageRequest,
  query: unknown,
  limits: { default: number; max: number },
): ResolvedWindow {
  const limit = request.maxResults ?? limits.default;
  if (!Number.isInteger(limit) || limit < 1 || limit > limits.max) {
    throw invalidArgument(
      `Invalid value ${String(request.maxResults)} for parameter 'max_results': it must be an integer between 1 and ${limits.max}.`,
    );
  }
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(query))
    .digest('base64url')
    .slice(0, 16);
  const offset = request.pageToken ? decodePageToken(request.pageToken, fingerprint) : 0;
  return { limit, offset, fingerprint };
}

export function nextToken(nextOffset: number | undefined, fingerprint: string): string | undefined {
  return nextOffset === undefined ? undefined : encodePageToken(nextOffset, fingerprint);
}
