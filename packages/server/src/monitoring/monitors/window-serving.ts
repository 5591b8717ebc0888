import type { MonitorVersionResult } from '@slipway/core';
import type { ServedRows } from '../../prediction-log/prediction-window.js';

export type ServingFigures = NonNullable<MonitorVersionResult['serving']>;

/** Nearest-rank quantile of sorted values (what a person means by "p95 of these requests"). */
function quantile(sorted: Float64Array, q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil(q * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1]!;
}

/**
 * Requests, failures and latency quantiles of one version's (or, with `version` null, all) logged
 * predictions in a window. Exact: the window is at most a million rows, already in memory.
 */
export function windowServing(served: ServedRows, version: string | null): ServingFigures {
  const n = served.versions.length;
  let requests = 0;
  let errors = 0;
  const latencies = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    if (version !== null && served.versions[i] !== version) continue;
    latencies[requests++] = served.latencyMs[i]!;
    if (served.failed[i]) errors++;
  }
  const sorted = latencies.subarray(0, requests).sort();
  return {
    requests,
    errors,
    errorRate: requests === 0 ? null : errors / requests,
    p50LatencyMs: quantile(sorted, 0.5),
    p95LatencyMs: quantile(sorted, 0.95),
    p99LatencyMs: quantile(sorted, 0.99),
  };
}
