import { nativeRoutes as r } from '@slipway/core';
import type { RouteResponse } from '@slipway/core';
import type { Transport } from './transport.js';

/** An API token's public record: its id, owner, name and lifetime; never the secret. */
export type ApiToken = RouteResponse<typeof r.createToken>['token'];

/** A new token: its record, and the secret to send as `Bearer`, which only this answer holds. */
export type CreatedToken = RouteResponse<typeof r.createToken>;

export interface CreateTokenOptions {
  /** What the token is for, e.g. `ci`. */
  name: string;
  /** Days until it stops working (at most 3650); absent: it never expires. */
  expiresInDays?: number;
  /** Admins may create a token for another user; default: the caller. */
  username?: string;
}

export interface ListTokensOptions {
  /** Admins may list another user's tokens; default: the caller's. */
  username?: string;
}

/**
 * API tokens: bearer credentials for scripts and CI, revocable one by one. Only a hash is
 * stored, so the secret is returned once, by `create`.
 *
 * @example
 * ```ts
 * const { token, secret } = await client.tokens.create({ name: 'ci', expiresInDays: 90 });
 * const ci = new SlipwayClient({ baseUrl, token: secret });
 * await client.tokens.revoke(token.id);
 * ```
 */
export class TokensApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Creates a token; keep `secret`, since the server cannot show it again.
   *
   * @example
   * ```ts
   * const { token, secret } = await client.tokens.create({ name: 'nightly', expiresInDays: 30 });
   * ```
   */
  async create(options: CreateTokenOptions): Promise<CreatedToken> {
    return this.transport.call(r.createToken, { body: options });
  }

  /**
   * Lists tokens, revoked and expired ones included: the caller's, or a user's as an admin.
   *
   * @example
   * ```ts
   * const active = (await client.tokens.list()).filter((t) => t.revokedAt === undefined);
   * ```
   */
  async list(options: ListTokensOptions = {}): Promise<ApiToken[]> {
    return (await this.transport.call(r.listTokens, { query: { ...options } })).tokens;
  }

  /**
   * Revokes a token by its id (not its secret); requests with it are refused from then on.
   *
   * @example
   * ```ts
   * await client.tokens.revoke('3f9c2a1b7e04d5c6');
   * ```
   */
  async revoke(tokenId: string): Promise<void> {
    await this.transport.call(r.revokeToken, { params: { tokenId } });
  }
}
