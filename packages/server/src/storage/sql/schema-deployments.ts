import type { Generated } from 'kysely';

/**
 * One row per deployment. The spec, the resolved versions and the runtime state are JSON text: they
 * are read and written whole, never queried into, and their shape belongs to @slipway/core.
 */
export interface DeploymentsTable {
  name: string;
  spec: string;
  resolved: string;
  runtime: string;
  revision: number;
  created_at: number;
  updated_at: number;
  created_by: string;
  updated_by: string;
}

/** No foreign key to the deployment: the log outlives it, as a model's history does. */
export interface DeploymentEventsTable {
  id: Generated<number>;
  deployment: string;
  time: number;
  action: string;
  reason: string;
  actor: string;
  details: string;
}

/** Tables of deployments (specs, live state, transitions). */
export interface DeploymentTables {
  deployments: DeploymentsTable;
  deployment_events: DeploymentEventsTable;
}
