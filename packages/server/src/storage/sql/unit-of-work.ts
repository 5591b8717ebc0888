import type { TransactionStores, UnitOfWork } from '@slipway/core';
import { SqlAuditStore } from './audit-store.js';
import { SqlDatasetStore } from './dataset-store.js';
import { SqlDeploymentStore } from './deployment-store.js';
import { SqlExperimentStore } from './experiment-store.js';
import { SqlLoggedModelStore } from './logged-model-store.js';
import { SqlModelRegistryStore } from './model-registry-store.js';
import { SqlPermissionStore } from './permission-store.js';
import { SqlPipelineStore } from './pipeline-store.js';
import { SqlRunStore } from './run-store.js';
import type { SqlDatabase } from './sql-database.js';
import { SqlUserStore } from './user-store.js';

/** Every store of the unit of work over one database handle (the root one, or a transaction). */
export function sqlStores(database: SqlDatabase): TransactionStores {
  return {
    experiments: new SqlExperimentStore(database),
    runs: new SqlRunStore(database),
    loggedModels: new SqlLoggedModelStore(database),
    registry: new SqlModelRegistryStore(database),
    deployments: new SqlDeploymentStore(database),
    users: new SqlUserStore(database),
    permissions: new SqlPermissionStore(database),
    audit: new SqlAuditStore(database),
    datasets: new SqlDatasetStore(database),
    pipelines: new SqlPipelineStore(database),
  };
}

/**
 * Runs services' multi-store changes in one SQL transaction: the stores handed to `work` are bound
 * to it, and their own transactions join it (see transact).
 */
export class SqlUnitOfWork implements UnitOfWork {
  constructor(private readonly database: SqlDatabase) {}

  run<T>(work: (stores: TransactionStores) => Promise<T>): Promise<T> {
    return this.database.db
      .transaction()
      .execute((trx) => work(sqlStores({ ...this.database, db: trx })));
  }
}
