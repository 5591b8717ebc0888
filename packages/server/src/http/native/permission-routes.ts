import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { AccessServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

/** Permissions under each resource: /experiments/{id}, /models/{name}, /deployments/{name}. */
export function permissionRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { access }: Pick<AccessServices, 'access'>,
): void {
  bindRoute(app, o, r.listExperimentPermissions, async ({ params, caller }) => ({
    permissions: await access.list(caller, 'experiment', params.experimentId),
  }));
  bindRoute(app, o, r.setExperimentPermission, async ({ params, body, caller }) => ({
    permission: await access.grant(
      caller,
      'experiment',
      params.experimentId,
      params.username,
      body.permission,
    ),
  }));
  bindRoute(app, o, r.deleteExperimentPermission, async ({ params, caller }) => {
    await access.revoke(caller, 'experiment', params.experimentId, params.username);
  });
  bindRoute(app, o, r.listRegisteredModelPermissions, async ({ params, caller }) => ({
    permissions: await access.list(caller, 'registered_model', params.name),
  }));
  bindRoute(app, o, r.setRegisteredModelPermission, async ({ params, body, caller }) => ({
    permission: await access.grant(
      caller,
      'registered_model',
      params.name,
      params.username,
      body.permission,
    ),
  }));
  bindRoute(app, o, r.deleteRegisteredModelPermission, async ({ params, caller }) => {
    await access.revoke(caller, 'registered_model', params.name, params.username);
  });
  bindRoute(app, o, r.listDeploymentPermissions, async ({ params, caller }) => ({
    permissions: await access.list(caller, 'deployment', params.name),
  }));
  bindRoute(app, o, r.setDeploymentPermission, async ({ params, body, caller }) => ({
    permission: await access.grant(
      caller,
      'deployment',
      params.name,
      params.username,
      body.permission,
    ),
  }));
  bindRoute(app, o, r.deleteDeploymentPermission, async ({ params, caller }) => {
    await access.revoke(caller, 'deployment', params.name, params.username);
  });
}
