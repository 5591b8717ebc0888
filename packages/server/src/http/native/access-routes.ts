import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { AccessServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

/** Who am I, users, API tokens and a user's permissions under /api/v1. */
export function accessRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { users, access, authenticator }: AccessServices,
): void {
  bindRoute(app, o, r.whoAmI, async ({ caller }) => ({
    caller: {
      username: caller.username,
      isAdmin: caller.isAdmin,
      via: caller.via,
      ...(caller.tokenId === undefined ? {} : { tokenId: caller.tokenId }),
      authEnabled: authenticator.enabled,
    },
  }));
  bindRoute(app, o, r.createUser, async ({ body, caller }) => ({
    user: await users.create(caller, body),
  }));
  bindRoute(app, o, r.listUsers, async ({ query, caller }) => users.list(caller, query));
  bindRoute(app, o, r.getUser, async ({ params, caller }) => ({
    user: await users.get(caller, params.username),
  }));
  bindRoute(app, o, r.updateUser, async ({ params, body, caller }) => ({
    user: await users.update(caller, params.username, body),
  }));
  bindRoute(app, o, r.deleteUser, async ({ params, caller }) => {
    await users.delete(caller, params.username);
  });
  bindRoute(app, o, r.listUserPermissions, async ({ params, caller }) => ({
    permissions: await access.listForUser(caller, params.username),
    defaultPermission: access.defaultPermission,
  }));
  bindRoute(app, o, r.createToken, async ({ body, caller }) => users.createToken(caller, body));
  bindRoute(app, o, r.listTokens, async ({ query, caller }) => ({
    tokens: await users.listTokens(caller, query.username),
  }));
  bindRoute(app, o, r.revokeToken, async ({ params, caller }) => {
    await users.revokeToken(caller, params.tokenId);
  });
}
