import { RESOURCE_TYPES, SlipwayError, nativeRoutes as r } from '@slipway/core';
import type { Permission, ResourceType, RouteResponse } from '@slipway/core';
import type { Transport } from './transport.js';

/** One user's explicit permission on one experiment, registered model or deployment. */
export type PermissionGrant = RouteResponse<typeof r.setExperimentPermission>['permission'];

/**
 * Each resource type's permission routes and the path parameter naming the resource: the
 * routes live under the resource's own path (`/experiments/{experimentId}`, `/models/{name}`).
 */
const ROUTES = {
  experiment: {
    param: 'experimentId',
    list: r.listExperimentPermissions,
    set: r.setExperimentPermission,
    remove: r.deleteExperimentPermission,
  },
  registered_model: {
    param: 'name',
    list: r.listRegisteredModelPermissions,
    set: r.setRegisteredModelPermission,
    remove: r.deleteRegisteredModelPermission,
  },
  deployment: {
    param: 'name',
    list: r.listDeploymentPermissions,
    set: r.setDeploymentPermission,
    remove: r.deleteDeploymentPermission,
  },
  dataset: {
    param: 'name',
    list: r.listDatasetPermissions,
    set: r.setDatasetPermission,
    remove: r.deleteDatasetPermission,
  },
  pipeline: {
    param: 'name',
    list: r.listPipelinePermissions,
    set: r.setPipelinePermission,
    remove: r.deletePipelinePermission,
  },
} as const;

/**
 * Who may do what to an experiment (by id), a registered model or a deployment (by name). READ
 * reads, EDIT also changes, MANAGE also deletes and grants; where a user holds no explicit
 * permission the server's default applies. Granting needs MANAGE on the resource (its creator
 * has it) or an admin. Runs, logged models and versions follow their experiment or model.
 *
 * @example
 * ```ts
 * await client.permissions.set('experiment', '3', 'alice', 'EDIT');
 * await client.permissions.set('registered_model', 'fraud', 'alice', 'READ');
 * const grants = await client.permissions.list('experiment', '3');
 * await client.permissions.remove('experiment', '3', 'alice');
 * ```
 */
export class PermissionsApi {
  constructor(private readonly transport: Transport) {}

  /**
   * The explicit permissions on a resource (needs MANAGE on it).
   *
   * @example
   * ```ts
   * for (const g of await client.permissions.list('deployment', 'fraud')) console.log(g.username, g.permission);
   * ```
   */
  async list(type: ResourceType, resourceId: string): Promise<PermissionGrant[]> {
    const routes = routesFor(type);
    const res = await this.transport.call(routes.list, {
      params: { [routes.param]: resourceId },
    });
    return res.permissions;
  }

  /**
   * Gives a user a permission on a resource, replacing the one they held. NO_PERMISSIONS
   * shuts them out even when the server's default would let them read.
   *
   * @example
   * ```ts
   * await client.permissions.set('experiment', '3', 'bob', 'EDIT');
   * ```
   */
  async set(
    type: ResourceType,
    resourceId: string,
    username: string,
    permission: Permission,
  ): Promise<PermissionGrant> {
    const routes = routesFor(type);
    const res = await this.transport.call(routes.set, {
      params: { [routes.param]: resourceId, username },
      body: { permission },
    });
    return res.permission;
  }

  /**
   * Removes a user's explicit permission; the server's default applies to them again.
   *
   * @example
   * ```ts
   * await client.permissions.remove('registered_model', 'fraud', 'bob');
   * ```
   */
  async remove(type: ResourceType, resourceId: string, username: string): Promise<void> {
    const routes = routesFor(type);
    await this.transport.call(routes.remove, { params: { [routes.param]: resourceId, username } });
  }
}

/** Checked at run time too: JavaScript callers can pass any string. */
function routesFor(type: ResourceType): (typeof ROUTES)[ResourceType] {
  if (!Object.hasOwn(ROUTES, type)) {
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: `Unknown resource type '${String(type)}': permissions apply to ${RESOURCE_TYPES.join(', ')}.`,
    });
  }
  return ROUTES[type];
}
