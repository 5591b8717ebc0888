import type { Migration, MigrationProvider } from 'kysely';
import * as tracking from './0001-tracking.js';
import * as registry from './0002-model-registry.js';
import * as deployments from './0003-deployments.js';
import * as predictions from './0004-predictions.js';
import * as loggedModels from './0005-logged-models.js';
import * as binaryPredictionTensors from './0006-binary-prediction-tensors.js';
import * as accessAndAudit from './0007-access-and-audit.js';
import * as searchIndexes from './0008-search-indexes.js';
import * as monitors from './0009-monitors.js';
import * as webhooks from './0010-webhooks.js';
import * as alerts from './0011-alerts.js';
import * as datasets from './0012-datasets.js';
import * as pipelines from './0013-pipelines.js';
import * as lineageIndexes from './0014-lineage-indexes.js';

/** Migrations are compiled in, not read from disk, so they ship inside the package. Append only. */
const MIGRATIONS: Record<string, Migration> = {
  '0001-tracking': tracking,
  '0002-model-registry': registry,
  '0003-deployments': deployments,
  '0004-predictions': predictions,
  '0005-logged-models': loggedModels,
  '0006-binary-prediction-tensors': binaryPredictionTensors,
  '0007-access-and-audit': accessAndAudit,
  '0008-search-indexes': searchIndexes,
  '0009-monitors': monitors,
  '0010-webhooks': webhooks,
  '0011-alerts': alerts,
  '0012-datasets': datasets,
  '0013-pipelines': pipelines,
  '0014-lineage-indexes': lineageIndexes,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: () => Promise.resolve(MIGRATIONS),
};
