import { invalidArgument, isPermission, PERMISSIONS } from '@slipway/core';
import type { Caller, Permission, PermissionGrant } from '@slipway/core';
import type { FastifyInstance } from 'fastify';
import type { UserView } from '../../access/user-service.js';
import type { AccessServices } from '../http-services.js';
import {
  experimentPermissionRequest,
  registeredModelPermissionRequest,
  userAdminRequest,
  usernameRequest,
  userPasswordRequest,
} from './auth-requests.js';
import { missingParameter } from './mlflow-errors.js';
import { parseRequest } from './mlflow-request.js';
import { jsonRoute } from './mlflow-route.js';

function permissionOf(value: string | undefined): Permission {
  if (value === undefined) throw missingParameter('permission');
  if (!isPermission(value)) {
    throw invalidArgument(
      `Invalid permission '${value}'. Valid permissions are: ${PERMISSIONS.join(', ')}.`,
    );
  }
  return value;
}

/**
 * MLflow's basic-auth REST API (users, experiment and registered model permissions) under the
 * /mlflow scope, with MLflow's paths, methods and message shapes, so `mlflow.server.get_app_client
 * ("basic-auth", ...)` works against Slipway. Admins manage users; users read themselves and
 * change their own password; MANAGE on a resource manages its permissions.
 */
export function registerAuthRoutes(
  app: FastifyInstance,
  { users, access }: Pick<AccessServices, 'users' | 'access'>,
): void {
  const userJson = async (caller: Caller, user: UserView) => {
    const grants = await access.listForUser(caller, user.username);
    return {
      id: user.id,
      username: user.username,
      is_admin: user.isAdmin,
      experiment_permissions: grants
        .filter((g) => g.resourceType === 'experiment')
        .map(experimentPermissionJson),
      registered_model_permissions: grants
        .filter((g) => g.resourceType === 'registered_model')
        .map(modelPermissionJson),
    };
  };

  jsonRoute(app, 'POST', '/users/create', async (request, caller) => {
    const body = parseRequest(userPasswordRequest, request);
    const user = await users.create(caller, { username: body.username, password: body.password });
    return { user: await userJson(caller, user) };
  });

  jsonRoute(app, 'GET', '/users/get', async (request, caller) => {
    const { username } = parseRequest(usernameRequest, request);
    return { user: await userJson(caller, await users.get(caller, username)) };
  });

  jsonRoute(app, 'GET', '/users/current', async (_request, caller) => {
    return { user: await userJson(caller, await users.get(caller, caller.username)) };
  });

  jsonRoute(app, 'GET', '/users/list', async (_request, caller) => {
    const listed: UserView[] = [];
    let pageToken: string | undefined;
    do {
      const page = await users.list(caller, { maxResults: 1000, pageToken });
      listed.push(...page.users);
      pageToken = page.nextPageToken;
    } while (pageToken !== undefined);
    return { users: await Promise.all(listed.map((user) => userJson(caller, user))) };
  });

  jsonRoute(app, 'PATCH', '/users/update-password', async (request, caller) => {
    const body = parseRequest(userPasswordRequest, request);
    await users.update(caller, body.username, { password: body.password });
    return {};
  });

  jsonRoute(app, 'PATCH', '/users/update-admin', async (request, caller) => {
    const body = parseRequest(userAdminRequest, request);
    if (body.is_admin === undefined) throw missingParameter('is_admin');
    await users.update(caller, body.username, { isAdmin: body.is_admin });
    return {};
  });

  jsonRoute(app, 'DELETE', '/users/delete', async (request, caller) => {
    const { username } = parseRequest(usernameRequest, request);
    await users.delete(caller, username);
    return {};
  });

  const experiment = (body: { experiment_id: string }) =>
    ['experiment', body.experiment_id] as const;
  const model = (body: { name: string }) => ['registered_model', body.name] as const;

  jsonRoute(app, 'POST', '/experiments/permissions/create', async (request, caller) => {
    const body = parseRequest(experimentPermissionRequest, request);
    const permission = permissionOf(body.permission);
    const grant = await access.grant(
      caller,
      ...experiment(body),
      body.username,
      permission,
      'create',
    );
    return { experiment_permission: experimentPermissionJson(grant) };
  });

  jsonRoute(app, 'GET', '/experiments/permissions/get', async (request, caller) => {
    const body = parseRequest(experimentPermissionRequest, request);
    const grant = await access.get(caller, ...experiment(body), body.username);
    return { experiment_permission: experimentPermissionJson(grant) };
  });

  jsonRoute(app, 'PATCH', '/experiments/permissions/update', async (request, caller) => {
    const body = parseRequest(experimentPermissionRequest, request);
    const permission = permissionOf(body.permission);
    await access.grant(caller, ...experiment(body), body.username, permission, 'update');
    return {};
  });

  jsonRoute(app, 'DELETE', '/experiments/permissions/delete', async (request, caller) => {
    const body = parseRequest(experimentPermissionRequest, request);
    await access.revoke(caller, ...experiment(body), body.username);
    return {};
  });

  jsonRoute(app, 'POST', '/registered-models/permissions/create', async (request, caller) => {
    const body = parseRequest(registeredModelPermissionRequest, request);
    const permission = permissionOf(body.permission);
    const grant = await access.grant(caller, ...model(body), body.username, permission, 'create');
    return { registered_model_permission: modelPermissionJson(grant) };
  });

  jsonRoute(app, 'GET', '/registered-models/permissions/get', async (request, caller) => {
    const body = parseRequest(registeredModelPermissionRequest, request);
    const grant = await access.get(caller, ...model(body), body.username);
    return { registered_model_permission: modelPermissionJson(grant) };
  });

  jsonRoute(app, 'PATCH', '/registered-models/permissions/update', async (request, caller) => {
    const body = parseRequest(registeredModelPermissionRequest, request);
    const permission = permissionOf(body.permission);
    await access.grant(caller, ...model(body), body.username, permission, 'update');
    return {};
  });

  jsonRoute(app, 'DELETE', '/registered-models/permissions/delete', async (request, caller) => {
    const body = parseRequest(registeredModelPermissionRequest, request);
    await access.revoke(caller, ...model(body), body.username);
    return {};
  });
}

function experimentPermissionJson(grant: PermissionGrant) {
  return {
    experiment_id: grant.resourceId,
    user_id: grant.userId,
    permission: grant.permission,
  };
}

function modelPermissionJson(grant: PermissionGrant) {
  return { name: grant.resourceId, user_id: grant.userId, permission: grant.permission };
}
