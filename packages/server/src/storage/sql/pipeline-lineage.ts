import type { Kysely } from 'kysely';
import type { PipelineStepLink, PipelineStepRef } from '@slipway/core';
import { within } from './pipeline-queries.js';
import type { SlipwaySchema } from './schema.js';
import type { SqlDialectName } from './sql-database.js';

/** Steps that logged to these tracking runs. */
export async function stepsTrackedTo(
  db: Kysely<SlipwaySchema>,
  dialect: SqlDialectName,
  runIds: readonly string[],
): Promise<PipelineStepLink[]> {
  if (runIds.length === 0) return [];
  const rows = await db
    .selectFrom('pipeline_steps')
    .select(['run_id', 'step_key', 'tracked_run_id'])
    .where(within(dialect, 'tracked_run_id', [...new Set(runIds)]))
    .orderBy('run_id')
    .orderBy('step_key')
    .execute();
  return rows.map((r) => ({
    runId: r.run_id,
    stepKey: r.step_key,
    trackedRunId: r.tracked_run_id ?? undefined,
  }));
}

/** Cached steps that reuse the outputs of these steps. */
export async function stepsCachedFrom(
  db: Kysely<SlipwaySchema>,
  dialect: SqlDialectName,
  steps: readonly PipelineStepRef[],
): Promise<PipelineStepLink[]> {
  if (steps.length === 0) return [];
  // Narrowed by source run in SQL, then by (run, key) pair here: pairs have no portable IN.
  const wanted = new Set(steps.map((s) => JSON.stringify([s.runId, s.stepKey])));
  const rows = await db
    .selectFrom('pipeline_steps')
    .select(['run_id', 'step_key', 'cached_from_run', 'cached_from_step'])
    .where(within(dialect, 'cached_from_run', [...new Set(steps.map((s) => s.runId))]))
    .orderBy('run_id')
    .orderBy('step_key')
    .execute();
  const links: PipelineStepLink[] = [];
  for (const r of rows) {
    if (r.cached_from_run === null || r.cached_from_step === null) continue;
    if (!wanted.has(JSON.stringify([r.cached_from_run, r.cached_from_step]))) continue;
    links.push({
      runId: r.run_id,
      stepKey: r.step_key,
      cachedFrom: { runId: r.cached_from_run, stepKey: r.cached_from_step },
    });
  }
  return links;
}
