/** A range of steps, both ends included. */
export interface StepRange {
  start: number;
  end: number;
}

/**
 * TanStack Query keys of the charts and the compare page (the runs section's keys are in
 * query-keys.ts).
 */
export const chartKeys = {
  all: ['charts'] as const,
  /** One run with its params and latest metrics. */
  run: (runId: string) => ['charts', 'run', runId] as const,
  /** One metric of one run, downsampled to about `maxResults` steps (of a step range, if given). */
  history: (runId: string, key: string, maxResults: number, steps?: StepRange) =>
    steps === undefined
      ? (['charts', 'history', runId, key, maxResults] as const)
      : (['charts', 'history', runId, key, maxResults, steps.start, steps.end] as const),
};
