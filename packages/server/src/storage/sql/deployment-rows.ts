import type { Insertable, Selectable } from 'kysely';
import { parseDeploymentSpec } from '@slipway/core';
import type {
  DeploymentEvent,
  DeploymentEventAction,
  DeploymentRecord,
  DeploymentRuntime,
  NewDeploymentEvent,
  ResolvedModel,
} from '@slipway/core';
import type { DeploymentEventsTable, DeploymentsTable } from './schema-deployments.js';

export type DeploymentRow = Selectable<DeploymentsTable>;
export type DeploymentEventRow = Selectable<DeploymentEventsTable>;

/**
 * The spec is validated again on the way out, so a row written by another version of Slipway (or
 * edited by hand) fails loudly here instead of deep inside routing.
 */
export function recordFromRow(row: DeploymentRow): DeploymentRecord {
  return {
    name: row.name,
    spec: parseDeploymentSpec(JSON.parse(row.spec)),
    resolved: JSON.parse(row.resolved) as Record<string, ResolvedModel>,
    runtime: JSON.parse(row.runtime) as DeploymentRuntime,
    revision: Number(row.revision),
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    createdBy: row.created_by,
    updatedBy: row.updated_by,
  };
}

export function eventFromRow(row: DeploymentEventRow): DeploymentEvent {
  return {
    id: Number(row.id),
    deployment: row.deployment,
    time: Number(row.time),
    action: row.action as DeploymentEventAction,
    reason: row.reason,
    actor: row.actor,
    details: JSON.parse(row.details) as Record<string, unknown>,
  };
}

export function eventRows(
  deployment: string,
  events: readonly NewDeploymentEvent[],
): Insertable<DeploymentEventsTable>[] {
  return events.map((event) => ({
    deployment,
    time: event.time,
    action: event.action,
    reason: event.reason,
    actor: event.actor,
    details: JSON.stringify(event.details),
  }));
}
