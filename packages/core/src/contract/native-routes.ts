import { accessRoutes } from './access.js';
import { artifactSignatureRoutes } from './artifact-signatures.js';
import { artifactRoutes } from './artifacts.js';
import { auditRoutes } from './audit.js';
import { deploymentAnalysisRoutes } from './deployment-analysis.js';
import { datasetRoutes } from './datasets.js';
import { deploymentRoutes } from './deployments.js';
import { driftRoutes } from './drift.js';
import { experimentKeysRoutes } from './experiment-keys.js';
import { experimentRoutes } from './experiments.js';
import { lineageRoutes } from './lineage.js';
import { metricHistoryIntervalRoutes } from './metric-history-interval.js';
import { modelHistoryRoutes } from './model-history.js';
import { modelVersionSignatureRoutes } from './model-version-signature.js';
import { modelVersionRoutes } from './model-versions.js';
import { monitorAlertRoutes } from './monitor-alerts.js';
import { monitorRoutes } from './monitors.js';
import { pipelineRoutes } from './pipelines.js';
import { registeredModelRoutes } from './registered-models.js';
import { resourcePermissionRoutes } from './resource-permissions.js';
import { runLoggedModelRoutes } from './run-logged-models.js';
import { runRoutes } from './runs.js';
import { validationRoutes } from './validation.js';
import { webhookRoutes } from './webhooks.js';

/** Every route of the native API, keyed by operationId. */
export const nativeRoutes = {
  ...experimentRoutes,
  ...experimentKeysRoutes,
  ...runRoutes,
  ...runLoggedModelRoutes,
  ...metricHistoryIntervalRoutes,
  ...artifactRoutes,
  ...artifactSignatureRoutes,
  ...registeredModelRoutes,
  ...modelVersionRoutes,
  ...modelHistoryRoutes,
  ...modelVersionSignatureRoutes,
  ...deploymentRoutes,
  ...deploymentAnalysisRoutes,
  ...accessRoutes,
  ...resourcePermissionRoutes,
  ...auditRoutes,
  ...validationRoutes,
  ...driftRoutes,
  ...webhookRoutes,
  ...monitorRoutes,
  ...monitorAlertRoutes,
  ...datasetRoutes,
  ...pipelineRoutes,
  ...lineageRoutes,
};

export type NativeRoutes = typeof nativeRoutes;
export type NativeOperationId = keyof NativeRoutes;

/** The prefix every native route shares. */
export const NATIVE_API_BASE = '/api/v1';
