import type { AlertObservation } from '../alerts/alert-rule.js';
import type { MonitorVersionResult } from '../contract/monitor-results.js';

/**
 * The metrics an alert can watch in one version result of a monitor run (see ALERT_METRICS), by
 * name. A metric the run could not measure (no drift below minRows, no ground truth, no request)
 * is absent, which an alert takes as no evidence either way. `runFailed` is the run's own error.
 */
export function alertObservation(
  result: MonitorVersionResult | undefined,
  runFailed: boolean,
): AlertObservation {
  const o: Record<string, number> = { 'run.failed': runFailed ? 1 : 0 };
  if (result === undefined) return o;
  o['rows'] = result.rows;
  const { drift, validation, performance, serving } = result;
  if (drift !== undefined) {
    o['drift.share'] = drift.driftShare;
    o['drift.detected'] = drift.datasetDrift ? 1 : 0;
    o['drift.drifted_columns'] = drift.numberOfDriftedColumns;
    for (const column of drift.columns) {
      if (column.score !== null) o[`drift.score.${column.column}`] = column.score;
      if (column.skipped === undefined) {
        o[`drift.drifted.${column.column}`] = column.driftDetected ? 1 : 0;
      }
    }
  }
  if (validation !== undefined) {
    o['validation.failed'] = validation.failed;
    o['validation.success'] = validation.success ? 1 : 0;
  }
  if (performance !== undefined) {
    o['performance.coverage'] = performance.coverage;
    o['performance.labelled'] = performance.labelled;
    for (const [name, metric] of Object.entries(performance.metrics)) {
      if (metric.value !== null) o[`performance.${name}`] = metric.value;
    }
  }
  if (serving !== undefined) {
    o['serving.requests'] = serving.requests;
    o['serving.errors'] = serving.errors;
    const optional = {
      'serving.error_rate': serving.errorRate,
      'serving.p50_latency_ms': serving.p50LatencyMs,
      'serving.p95_latency_ms': serving.p95LatencyMs,
      'serving.p99_latency_ms': serving.p99LatencyMs,
    };
    for (const [name, value] of Object.entries(optional)) if (value !== null) o[name] = value;
  }
  return o;
}
