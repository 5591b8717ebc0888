import { artifactRoutes } from './artifacts.js';
import { deploymentRoutes } from './deployments.js';
import { experimentRoutes } from './experiments.js';
import { modelHistoryRoutes } from './model-history.js';
import { modelVersionRoutes } from './model-versions.js';
import { registeredModelRoutes } from './registered-models.js';
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
};

export type NativeRoutes = typeof nativeRoutes;
export type NativeOperationId = keyof NativeRoutes;

/** The prefix every native route shares. */
export const NATIVE_API_BASE = '/api/v1';
