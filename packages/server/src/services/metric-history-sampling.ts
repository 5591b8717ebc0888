import {
  METRIC_INTERVAL_LIMITS,
  countSteps,
  invalidArgument,
  mergeStepIntervals,
  sampledStepPositions,
  stepsAtPositions,
  validateKey,
} from '@slipway/core';
import type {
  Metric,
  MetricStepStore,
  MetricStepSummary,
  RunMetricHistory,
  StepRange,
} from '@slipway/core';

/** One metric of several runs, as get-history-bulk-interval asks for it. */
export interface MetricHistoryIntervalRequest {
  runIds: string[];
  key: string;
  /** Steps to sample (MLflow: 1..2500, default 2500). */
  maxResults: number;
  startStep?: number | undefined;
  endStep?: number | undefined;
}

/** A checked request: 1 to 100 run ids, 1..2500 results, both ends of a range or none. */
export interface SampledHistoryRequest {
  runIds: readonly string[];
  key: string;
  maxResults: number;
  range?: { startStep: number; endStep: number } | undefined;
}

/** Refuses what MLflow's handler refuses, with its messages (INVALID_PARAMETER_VALUE there). */
export function checkHistoryIntervalRequest(
  request: MetricHistoryIntervalRequest,
): SampledHistoryRequest {
  const { runIds, key, maxResults, startStep, endStep } = request;
  const { maxRunIds, maxResultsPerRun } = METRIC_INTERVAL_LIMITS;
  if (runIds.length === 0 || runIds.length > maxRunIds) {
    throw invalidArgument(
      `GetMetricHistoryBulkInterval request must specify between 1 and ${maxRunIds} run_ids. Received ${runIds.length} run_ids.`,
    );
  }
  if (!Number.isInteger(maxResults) || maxResults < 1 || maxResults > maxResultsPerRun) {
    throw invalidArgument(`max_results must be between 1 and ${maxResultsPerRun}.`);
  }
  if (startStep === undefined || endStep === undefined) {
    if (startStep !== endStep) {
      throw invalidArgument(
        'If either start step or end step are specified, both must be specified.',
      );
    }
    return { runIds, key: validateKey('metric', key), maxResults };
  }
  if (startStep > endStep) {
    throw invalidArgument(
      `end_step must be greater than start_step. Found start_step=${startStep} and end_step=${endStep}.`,
    );
  }
  return { runIds, key: validateKey('metric', key), maxResults, range: { startStep, endStep } };
}

/**
 * MLflow's get-history-bulk-interval (its store's get_metric_history_bulk_interval), without
 * loading the histories: MLflow lists every step of every run in Python; here the database counts
 * the runs' distinct steps, the positions to keep are computed from the count, and only the
 * points at the kept steps are read.
 *
 * The rule: over the distinct steps all runs logged inside the range (without one, from 0 to the
 * largest step logged), keep all of them when there are at most maxResults, otherwise the
 * positions of `sampledStepPositions`; add each run's first and last step when inside the range;
 * return every point of each run at those steps, by step then timestamp, at most 25,000 per run.
 *
 * When every run's steps inside the range are contiguous (training loops logging each step), the
 * steps follow from each run's first and last step and count, so no second pass over the index is
 * needed; otherwise the database numbers the runs' distinct steps and picks the sample itself.
 */
export async function sampleMetricHistories(
  store: MetricStepStore,
  request: SampledHistoryRequest,
): Promise<RunMetricHistory[]> {
  const { key, maxResults } = request;
  const ids = [...new Set(request.runIds)];
  const range: StepRange = request.range
    ? { start: request.range.startStep, end: request.range.endStep }
    : { start: 0 };
  const summaries = await store.summarizeMetricSteps(ids, key, range);
  const sampled = await sampledSteps(store, ids, key, range, summaries, maxResults);
  const at =
    sampled === undefined
      ? { range }
      : { steps: sortedUnique([...sampled, ...edgeSteps(summaries, range)]) };
  const points = new Map<string, Metric[]>();
  for (const runId of ids) {
    points.set(
      runId,
      await store.metricPointsAt(runId, key, at, METRIC_INTERVAL_LIMITS.maxPointsPerRun),
    );
  }
  // As MLflow: one entry per run id asked for, repeated ones included.
  return request.runIds.map((runId) => ({ runId, metrics: points.get(runId) ?? [] }));
}

/** The sampled steps, or undefined when every step inside the range is kept. */
async function sampledSteps(
  store: MetricStepStore,
  runIds: readonly string[],
  key: string,
  range: StepRange,
  summaries: readonly MetricStepSummary[],
  maxResults: number,
): Promise<number[] | undefined> {
  const intervals = summaries.flatMap((s) =>
    s.count > 0 && s.min !== undefined && s.max !== undefined
      ? [{ ...s, min: s.min, max: s.max }]
      : [],
  );
  if (intervals.every((s) => s.max - s.min + 1 === s.count)) {
    const merged = mergeStepIntervals(intervals);
    const positions = sampledStepPositions(countSteps(merged), maxResults);
    return positions && stepsAtPositions(merged, positions);
  }
  const { count, steps } = await store.sampleMetricSteps(runIds, key, range, maxResults);
  return count <= maxResults ? undefined : steps;
}

/**
 * Each run's first and last step overall, when inside the range (MLflow's "mins and maxes"); an
 * open range ends at the largest step any run logged.
 */
function edgeSteps(summaries: readonly MetricStepSummary[], range: StepRange): number[] {
  const lasts = summaries.flatMap((s) => (s.last === undefined ? [] : [s.last]));
  const end = range.end ?? (lasts.length > 0 ? Math.max(...lasts) : 0);
  return summaries
    .flatMap((s) => [s.first, s.last])
    .filter((step): step is number => step !== undefined && step >= range.start && step <= end);
}

function sortedUnique(steps: readonly number[]): number[] {
  return [...new Set(steps)].sort((a, b) => a - b);
}
