import type { Insertable, Selectable } from 'kysely';
import type { MonitorRecord, MonitorRunResult, MonitorVersionResult } from '@slipway/core';
import type { MonitorResultsTable, MonitorsTable } from './schema-monitors.js';

export function monitorFromRow(row: Selectable<MonitorsTable>): MonitorRecord {
  return {
    name: row.name,
    deployment: row.deployment,
    spec: JSON.parse(row.spec) as MonitorRecord['spec'],
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** The rows of one run: one per version result, or a single placeholder when it has none. */
export function resultRows(
  runId: string,
  run: MonitorRunResult,
): Insertable<MonitorResultsTable>[] {
  const common = {
    run_id: runId,
    monitor: run.monitor,
    deployment: run.deployment,
    time: run.time,
    window_start: run.windowStart,
    window_end: run.windowEnd,
    trigger: run.trigger,
    error: run.error ?? null,
  };
  if (run.results.length === 0) {
    return [
      {
        ...common,
        version: null,
        rows: 0,
        judged: 0,
        dataset_drift: null,
        drift_share: null,
        result: null,
      },
    ];
  }
  return run.results.map((r) => ({
    ...common,
    version: r.version,
    rows: r.rows,
    judged: r.judged ? 1 : 0,
    dataset_drift: r.drift === undefined ? null : r.drift.datasetDrift ? 1 : 0,
    drift_share: r.drift?.driftShare ?? null,
    result: JSON.stringify(r),
  }));
}

/** Regroups rows (of several runs, in insertion order) into runs, in the order of `runIds`. */
export function runsFromRows(
  runIds: readonly string[],
  rows: readonly Selectable<MonitorResultsTable>[],
): MonitorRunResult[] {
  const runs = new Map<string, MonitorRunResult>();
  for (const row of rows) {
    let run = runs.get(row.run_id);
    if (run === undefined) {
      run = {
        id: row.run_id,
        monitor: row.monitor,
        deployment: row.deployment,
        time: Number(row.time),
        windowStart: Number(row.window_start),
        windowEnd: Number(row.window_end),
        trigger: row.trigger as MonitorRunResult['trigger'],
        results: [],
      };
      if (row.error !== null) run.error = row.error;
      runs.set(row.run_id, run);
    }
    if (row.result !== null) run.results.push(JSON.parse(row.result) as MonitorVersionResult);
  }
  return runIds.flatMap((id) => {
    const run = runs.get(id);
    return run === undefined ? [] : [run];
  });
}
