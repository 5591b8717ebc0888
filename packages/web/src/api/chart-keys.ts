/**
 * TanStack Query keys of the charts and the compare page (the runs section's keys are in
 * query-keys.ts).
 */
export const chartKeys = {
  all: ['charts'] as const,
  /** One run with its params and latest metrics. */
  run: (runId: string) => ['charts', 'run', runId] as const,
  /** One metric of one run, downsampled to about `maxResults` steps. */
  history: (runId: string, key: string, maxResults: number) =>
    ['charts', 'history', runId, key, maxResults] as const,
};
