import { accessRoutes } from './access.js';
import { artifactRoutes } from './artifacts.js';
import { auditRoutes } from './audit.js';
import { deploymentRoutes } from './deployments.js';
import { experimentRoutes } from './experiments.js';
import { modelHistoryRoutes } from './model-history.js';
import { modelVersionRoutes } from './model-versions.js';
import { registeredModelRoutes } from './registered-models.js';
import { resourcePermissionRoutes } from './resource-permissions.js';
import { runRoutes } from './runs.js';

/** Every route of the native API, keyed by operationId. */
export const nativeRoutes = {
  ...experimentRoutes,
  ...runRoutes,
  ...artifactRoutes,
  ...registeredModelRoutes,
  ...modelVersionRoutes,
  ...modelHistoryRoutes,
  ...deploymentRoutes,
  ...accessRoutes,
  ...resourcePermissionRoutes,
  ...auditRoutes,
};

export type NativeRoutes = typeof nativeRoutes;
export type NativeOperationId = keyof NativeRoutes;

/** The prefix every native route shares. */
export const NATIVE_API_BASE = '/api/v1';
