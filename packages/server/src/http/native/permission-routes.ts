import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { ResourceType } from '@slipway/core';
import type { AccessServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

/** A resource's permission routes and which path parameter names it. */
const RESOURCES = [
  {
    type: 'experiment',
    id: (params: { experimentId: string }) => params.experimentId,
    list: r.listExperimentPermissions,
    set: r.setExperimentPermission,
    remove: r.deleteExperimentPermission,
  },
  {
    type: 'registered_model',
    id: (params: { name: string }) => params.name,
    list: r.listRegisteredModelPermissions,
    set: r.setRegisteredModelPermission,
    remove: r.deleteRegisteredModelPermission,
  },
  {
    type: 'deployment',
    id: (params: { name: string }) => params.name,
    list: r.listDeploymentPermissions,
    set: r.setDeploymentPermission,
    remove: r.deleteDeploymentPermission,
  },
  {
    type: 'dataset',
    id: (params: { name: string }) => params.name,
    list: r.listDatasetPermissions,
    set: r.setDatasetPermission,
    remove: r.deleteDatasetPermission,
  },
  {
    type: 'pipeline',
    id: (params: { name: string }) => params.name,
    list: r.listPipelinePermissions,
    set: r.setPipelinePermission,
    remove: r.deletePipelinePermission,
  },
] as const;

/**
 * Permissions under each resource: /experiments/{id}, /models/{name}, /deployments/{name},
 * /datasets/{name}, /pipelines/{name}.
 */
export function permissionRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { access }: Pick<AccessServices, 'access'>,
): void {
  for (const resource of RESOURCES) {
    const type: ResourceType = resource.type;
    // The routes of one resource share their path parameters; the union of them does not
    // narrow per iteration, so the id is read through the resource's own accessor.
    const idOf = resource.id as (params: Record<string, string>) => string;
    bindRoute(app, o, resource.list, async ({ params, caller }) => ({
      permissions: await access.list(caller, type, idOf(params)),
    }));
    bindRoute(app, o, resource.set, async ({ params, body, caller }) => ({
      permission: await access.grant(caller, type, idOf(params), params.username, body.permission),
    }));
    bindRoute(app, o, resource.remove, async ({ params, caller }) => {
      await access.revoke(caller, type, idOf(params), params.username);
    });
  }
}
