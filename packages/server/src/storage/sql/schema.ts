import type { AccessTables } from './schema-access.js';
import type { AlertTables } from './schema-alerts.js';
import type { DatasetTables } from './schema-datasets.js';
import type { DeploymentTables } from './schema-deployments.js';
import type { LoggedModelTables } from './schema-logged-models.js';
import type { MonitorTables } from './schema-monitors.js';
import type { PipelineTables } from './schema-pipelines.js';
import type { PredictionTables } from './schema-predictions.js';
import type { RegistryTables } from './schema-registry.js';
import type { TrackingTables } from './schema-tracking.js';
import type { WebhookTables } from './schema-webhooks.js';

/** Every table Slipway keeps in its SQL backend, for Kysely's type checking. */
export interface SlipwaySchema
  extends
    TrackingTables,
    RegistryTables,
    DeploymentTables,
    PredictionTables,
    LoggedModelTables,
    AccessTables,
    MonitorTables,
    WebhookTables,
    AlertTables,
    DatasetTables,
    PipelineTables {}
