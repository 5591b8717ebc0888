import { notFound } from '@slipway/core';
import type {
  AccessAction,
  Caller,
  NewAuditEvent,
  PipelineRunInfo,
  PipelineStore,
  SlipwayError,
  UnitOfWork,
} from '@slipway/core';
import type { AccessService } from '../access/access-service.js';
import { auditRecord } from '../audit/audit-record.js';
import type { ServiceClock } from '../support/clock.js';

/** What every part of the pipelines module works with. */
export interface PipelineDeps {
  store: PipelineStore;
  uow: UnitOfWork;
  access: AccessService;
  clock: ServiceClock;
}

/**
 * The run (without its steps) once `caller` may do `action` on its pipeline: permissions are
 * held per pipeline name, as for datasets.
 */
export async function runFor(
  deps: PipelineDeps,
  caller: Caller,
  runId: string,
  action: AccessAction,
): Promise<PipelineRunInfo> {
  const info = await deps.store.getRunInfo(runId);
  if (info === undefined) throw runNotFound(runId);
  await deps.access.require(caller, 'pipeline', info.pipeline, action);
  return info;
}

export function runNotFound(runId: string): SlipwayError {
  return notFound(`No pipeline run with id '${runId}'.`);
}

/** An audit event about a pipeline (its name is the resource; the run and step go in `after`). */
export function pipelineEvent(
  deps: Pick<PipelineDeps, 'clock'>,
  caller: Caller,
  action: string,
  pipeline: string,
  after: Record<string, unknown>,
): NewAuditEvent {
  return auditRecord(caller, deps.clock.now(), action, 'pipeline', pipeline, { after });
}
