import type { Run } from '@slipway/core';
import type { PlotValue } from '../../charts/axis-scale.js';
import type { PlotRun } from '../../charts/plot-run.js';
import { seriesStyle } from '../../charts/series-style.js';

/**
 * A run as the compare page shows it: its style (by its place in `?runs=`) and its values under
 * `params.<key>` (text) and `metrics.<key>` (the latest value), the names MLflow's search uses.
 */
export interface ComparedRun extends PlotRun {
  status: string;
  userId: string;
  experimentId: string;
}

export const PARAM_PREFIX = 'params.';
export const METRIC_PREFIX = 'metrics.';

export function comparedRun(run: Run, index: number): ComparedRun {
  const values: Record<string, PlotValue> = {};
  for (const p of run.data.params) values[PARAM_PREFIX + p.key] = p.value;
  for (const m of run.data.metrics) values[METRIC_PREFIX + m.key] = m.value;
  return {
    runId: run.info.runId,
    name: run.info.runName,
    style: seriesStyle(index),
    values,
    status: run.info.status,
    userId: run.info.userId,
    experimentId: run.info.experimentId,
  };
}

/** Every key any of the runs has: params first, then metrics, each sorted. */
export function valueKeys(runs: readonly ComparedRun[]): { params: string[]; metrics: string[] } {
  const keys = new Set(runs.flatMap((run) => Object.keys(run.values)));
  const sorted = [...keys].sort((a, b) => a.localeCompare(b));
  return {
    params: sorted.filter((k) => k.startsWith(PARAM_PREFIX)),
    metrics: sorted.filter((k) => k.startsWith(METRIC_PREFIX)),
  };
}

/** Whether the runs disagree on a key; a run without the key disagrees with one that has it. */
export function valuesDiffer(values: readonly PlotValue[]): boolean {
  return new Set(values.map((v) => (v === undefined ? '\u0000none' : String(v)))).size > 1;
}

/** The key without its `params.` / `metrics.` prefix, as a row label. */
export function bareKey(key: string): string {
  if (key.startsWith(PARAM_PREFIX)) return key.slice(PARAM_PREFIX.length);
  if (key.startsWith(METRIC_PREFIX)) return key.slice(METRIC_PREFIX.length);
  return key;
}

/** A comma-separated URL list (`?runs=a,b`, `?metrics=loss,acc`); keys cannot hold commas. */
export function readList(raw: string | null): string[] {
  if (raw === null) return [];
  return [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== ''),
    ),
  ];
}

export function writeList(values: readonly string[]): string | undefined {
  return values.length === 0 ? undefined : values.join(',');
}
