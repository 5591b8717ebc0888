import type { Metric } from '@slipway/core';

/** MLflow's value order for the latest-metric rule: NaN is larger than every number. */
function valueGreater(a: number, b: number): boolean {
  if (Number.isNaN(a)) return !Number.isNaN(b);
  if (Number.isNaN(b)) return false;
  return a > b;
}

/** True when `a` replaces `b` as the latest point: larger step, then timestamp, then value. */
export function supersedes(a: Metric, b: Metric): boolean {
  if (a.step !== b.step) return a.step > b.step;
  if (a.timestamp !== b.timestamp) return a.timestamp > b.timestamp;
  return valueGreater(a.value, b.value);
}

/**
 * The winning point per key within one batch, sorted by key. Reducing in memory first means the
 * database sees one upsert row per key instead of one per point, and PostgreSQL's
 * ON CONFLICT DO UPDATE never touches the same row twice in a statement (which it rejects).
 * Sorting by key gives every transaction the same row-lock order, so concurrent batches on one
 * run cannot deadlock on latest_metrics.
 */
export function latestPerKey(metrics: readonly Metric[]): Metric[] {
  const best = new Map<string, Metric>();
  for (const m of metrics) {
    const current = best.get(m.key);
    if (current === undefined || supersedes(m, current)) best.set(m.key, m);
  }
  return [...best.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}
