/** MLflow's bounds on GetMetricHistoryBulkInterval (mlflow/server/handlers.py). */
export const METRIC_INTERVAL_LIMITS = {
  /** MAX_RUNS_GET_METRIC_HISTORY_BULK: run ids per request. */
  maxRunIds: 100,
  /** MAX_RESULTS_PER_RUN: the default and the largest `max_results`. */
  maxResultsPerRun: 2500,
  /** MAX_RESULTS_GET_METRIC_HISTORY: points returned per run at most (several per step possible). */
  maxPointsPerRun: 25_000,
} as const;

/**
 * Which of `count` ascending distinct steps MLflow's get-history-bulk-interval samples, as 0-based
 * positions in ascending order; undefined when it keeps them all (`count <= maxResults`).
 *
 * MLflow's rule (the store's get_metric_history_bulk_interval): positions `int(i * interval)` for
 * i in 0..maxResults-1 with `interval = count / maxResults`, plus the last position. So the answer
 * holds `maxResults + 1` steps, not `maxResults`. The arithmetic is the same IEEE double division
 * and product as Python's, so the positions match MLflow's exactly, rounding included.
 */
export function sampledStepPositions(count: number, maxResults: number): number[] | undefined {
  if (count <= maxResults) return undefined;
  const interval = count / maxResults;
  const positions: number[] = [];
  // interval > 1, so the positions strictly increase and all stay below count - 1.
  for (let i = 0; i < maxResults; i++) positions.push(Math.trunc(i * interval));
  positions.push(count - 1);
  return positions;
}
