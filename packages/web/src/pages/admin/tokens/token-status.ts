import type { ApiToken } from '@slipway/sdk';

export type TokenStatus = 'active' | 'expired' | 'revoked';

/** Whether a token still works at `now` (ms), and if not why. */
export function tokenStatus(token: ApiToken, now: number): TokenStatus {
  if (token.revokedAt !== undefined) return 'revoked';
  if (token.expiresAt !== undefined && token.expiresAt <= now) return 'expired';
  return 'active';
}

/** Newest first: the token just created is at the top. */
export function newestFirst(tokens: readonly ApiToken[]): ApiToken[] {
  return [...tokens].sort((a, b) => b.createdAt - a.createdAt);
}
