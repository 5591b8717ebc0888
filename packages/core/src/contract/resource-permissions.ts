import { z } from 'zod';
import { permissionGrantSchema, setPermissionBodySchema } from './access.js';
import { contractRegistry } from './registry.js';
import { defineRoute } from './route.js';

const GROUP = 'access';

const listResponse = z
  .object({ permissions: z.array(permissionGrantSchema) })
  .register(contractRegistry, { id: 'ListPermissionsResponse' });
const grantResponse = z
  .object({ permission: permissionGrantSchema })
  .register(contractRegistry, { id: 'PermissionResponse' });

/**
 * Permissions on one kind of resource, under the resource's own path: list, set (create or
 * replace) and delete one user's permission. Callers need MANAGE on the resource.
 */
function permissionRoutes<const P extends string, const K extends string>(
  base: P,
  key: K,
  label: string,
  operation: string,
) {
  const params = z.object({ [key]: z.string().min(1) } as Record<K, z.ZodString>);
  const userParams = z.object({
    [key]: z.string().min(1),
    username: z.string().min(1),
  } as Record<K | 'username', z.ZodString>);
  return {
    list: defineRoute({
      operationId: `list${operation}Permissions`,
      method: 'GET',
      path: `${base}/{${key}}/permissions` as `${P}/{${K}}/permissions`,
      group: GROUP,
      summary: `Who holds which permission on ${label}`,
      params,
      status: 200,
      response: listResponse,
    }),
    set: defineRoute({
      operationId: `set${operation}Permission`,
      method: 'PUT',
      path: `${base}/{${key}}/permissions/{username}` as `${P}/{${K}}/permissions/{username}`,
      group: GROUP,
      summary: `Give a user a permission on ${label}`,
      params: userParams,
      body: setPermissionBodySchema,
      status: 200,
      response: grantResponse,
    }),
    remove: defineRoute({
      operationId: `delete${operation}Permission`,
      method: 'DELETE',
      path: `${base}/{${key}}/permissions/{username}` as `${P}/{${K}}/permissions/{username}`,
      group: GROUP,
      summary: `Remove a user's permission on ${label} (the default applies again)`,
      params: userParams,
      status: 204,
    }),
  };
}

const experiment = permissionRoutes(
  '/api/v1/experiments',
  'experimentId',
  'an experiment',
  'Experiment',
);
const model = permissionRoutes('/api/v1/models', 'name', 'a registered model', 'RegisteredModel');
const deployment = permissionRoutes('/api/v1/deployments', 'name', 'a deployment', 'Deployment');
const dataset = permissionRoutes('/api/v1/datasets', 'name', 'a dataset', 'Dataset');
const pipeline = permissionRoutes('/api/v1/pipelines', 'name', 'a pipeline', 'Pipeline');

export const resourcePermissionRoutes = {
  listExperimentPermissions: experiment.list,
  setExperimentPermission: experiment.set,
  deleteExperimentPermission: experiment.remove,
  listRegisteredModelPermissions: model.list,
  setRegisteredModelPermission: model.set,
  deleteRegisteredModelPermission: model.remove,
  listDeploymentPermissions: deployment.list,
  setDeploymentPermission: deployment.set,
  deleteDeploymentPermission: deployment.remove,
  listDatasetPermissions: dataset.list,
  setDatasetPermission: dataset.set,
  deleteDatasetPermission: dataset.remove,
  listPipelinePermissions: pipeline.list,
  setPipelinePermission: pipeline.set,
  deletePipelinePermission: pipeline.remove,
};
