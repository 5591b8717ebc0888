import { nativeRoutes as r } from '@slipway/core';
import type { RouteResponse } from '@slipway/core';
import type { Transport } from './transport.js';

/** Who the server takes the client for, and whether it requires credentials at all. */
export type CallerInfo = RouteResponse<typeof r.whoAmI>['caller'];

/**
 * The caller's own identity, as authentication established it.
 *
 * @example
 * ```ts
 * const client = new SlipwayClient({ baseUrl, username: 'ada', password: process.env.PW });
 * const me = await client.auth.whoAmI(); // { username: 'ada', isAdmin: false, via: 'password', ... }
 * ```
 */
export class AuthApi {
  constructor(private readonly transport: Transport) {}

  /**
   * Who the server takes the client for: the username, the admin flag and how it proved itself
   * (`password`, `token`, or `none` when the server runs without authentication).
   * UNAUTHENTICATED when the credentials are missing or wrong.
   *
   * @example
   * ```ts
   * const { username, via, tokenId } = await client.auth.whoAmI();
   * ```
   */
  async whoAmI(): Promise<CallerInfo> {
    return (await this.transport.call(r.whoAmI)).caller;
  }
}
