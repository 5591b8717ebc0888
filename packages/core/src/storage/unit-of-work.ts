import type { AuditStore } from './audit-store.js';
import type { DatasetStore } from './dataset-store.js';
import type { DeploymentStore } from './deployment-store.js';
import type { ExperimentStore } from './experiment-store.js';
import type { LoggedModelStore } from './logged-model-store.js';
import type { ModelRegistryStore } from './model-registry-store.js';
import type { PermissionStore } from './permission-store.js';
import type { PipelineStore } from './pipeline-store.js';
import type { RunStore } from './run-store.js';
import type { UserStore } from './user-store.js';

/** The stores of one transaction: everything written through them commits or rolls back together. */
export interface TransactionStores {
  experiments: ExperimentStore;
  runs: RunStore;
  loggedModels: LoggedModelStore;
  registry: ModelRegistryStore;
  deployments: DeploymentStore;
  users: UserStore;
  permissions: PermissionStore;
  audit: AuditStore;
  datasets: DatasetStore;
  pipelines: PipelineStore;
}

/**
 * A transaction boundary for services: a state change, its audit event and any permission it
 * grants are written in one transaction, so none can exist without the others.
 */
export interface UnitOfWork {
  run<T>(work: (stores: TransactionStores) => Promise<T>): Promise<T>;
}
