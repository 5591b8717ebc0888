import type { Experiment, LifecycleStage, Metric, RunInfo, Tag, ViewType } from '@slipway/core';
import type { Selectable } from 'kysely';
import type { ExperimentsTable, MetricsTable, RunsTable } from './schema-tracking.js';

/** NaN cannot be stored by SQLite (it becomes NULL), so it is written as 0 with `is_nan = 1`. */
export function storedMetricValue(value: number): number {
  return Number.isNaN(value) ? 0 : value;
}

export function storedIsNan(value: number): number {
  return Number.isNaN(value) ? 1 : 0;
}

export function metricFromRow(
  row: Pick<MetricsTable, 'key' | 'value' | 'timestamp' | 'step' | 'is_nan'>,
): Metric {
  return {
    key: row.key,
    value: row.is_nan ? NaN : row.value,
    timestamp: row.timestamp,
    step: row.step,
  };
}

export function runInfoFromRow(row: Selectable<RunsTable>): RunInfo {
  const info: RunInfo = {
    runId: row.run_id,
    runName: row.name,
    experimentId: String(row.experiment_id),
    userId: row.user_id,
    status: row.status,
    startTime: row.start_time,
    artifactUri: row.artifact_uri,
    lifecycleStage: row.lifecycle_stage,
  };
  if (row.end_time !== null) info.endTime = row.end_time;
  return info;
}

export function experimentFromRow(row: Selectable<ExperimentsTable>, tags: Tag[]): Experiment {
  return {
    experimentId: String(row.experiment_id),
    name: row.name,
    artifactLocation: row.artifact_location,
    lifecycleStage: row.lifecycle_stage,
    creationTime: row.creation_time,
    lastUpdateTime: row.last_update_time,
    tags,
  };
}

/**
 * Parses an API experiment id ("0", "17") into the integer column value. Anything that is not a
 * plain non-negative 32-bit integer cannot name a stored experiment, so callers treat it as absent
 * (PostgreSQL would otherwise raise "out of range" or "invalid input syntax").
 */
export function experimentIdToInt(experimentId: string): number | undefined {
  if (!/^\d{1,10}$/.test(experimentId)) return undefined;
  const n = Number(experimentId);
  return n <= 2_147_483_647 ? n : undefined;
}

/** Splits `items` into slices of at most `size` (bound-parameter limits of the drivers). */
export function chunked<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function stagesFor(viewType: ViewType): LifecycleStage[] {
  if (viewType === 'ACTIVE_ONLY') return ['active'];
  if (viewType === 'DELETED_ONLY') return ['deleted'];
  return ['active', 'deleted'];
}
