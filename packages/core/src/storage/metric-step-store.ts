import type { Metric } from '../domain/run.js';

/** Inclusive bounds on steps; no `end` means no upper bound. */
export interface StepRange {
  start: number;
  end?: number | undefined;
}

/** What one run logged of one metric key, as sampling needs it. */
export interface MetricStepSummary {
  runId: string;
  /** The smallest and largest step of the whole history; absent when nothing was logged. */
  first?: number | undefined;
  last?: number | undefined;
  /** Distinct steps inside the range, and the smallest and largest of them (absent when none). */
  count: number;
  min?: number | undefined;
  max?: number | undefined;
}

/**
 * Reads of metric histories by step for downsampled charts (MLflow's get-history-bulk-interval).
 * Each is answered from the metrics primary key (run, key, step, ...) without loading the history:
 * the steps to keep are picked from counts and positions, then only their points are fetched.
 * Unknown runs contribute nothing.
 */
export interface MetricStepStore {
  /** One summary per distinct run id, in the order given. */
  summarizeMetricSteps(
    runIds: readonly string[],
    key: string,
    range: StepRange,
  ): Promise<MetricStepSummary[]>;
  /**
   * MLflow's sample of the distinct steps the runs logged together inside the range (see
   * `sampledStepPositions`): how many there are, and all of them when that is at most
   * `maxResults`, otherwise those at the sampled positions, in ascending order.
   */
  sampleMetricSteps(
    runIds: readonly string[],
    key: string,
    range: StepRange,
    maxResults: number,
  ): Promise<{ count: number; steps: number[] }>;
  /**
   * One run's points at these steps (or every step of a range), ordered by step then timestamp,
   * at most `limit`.
   */
  metricPointsAt(
    runId: string,
    key: string,
    at: { steps: readonly number[] } | { range: StepRange },
    limit: number,
  ): Promise<Metric[]>;
}
