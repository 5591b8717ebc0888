import { keepPreviousData, useQueries } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Metric, RunMetricHistory } from '@slipway/core';
import { chartKeys } from '../api/chart-keys.js';
import type { StepRange } from '../api/chart-keys.js';
import { useSignedIn } from '../session/use-session.js';

/**
 * Steps asked for per run. The server samples this many steps of the history (MLflow's
 * get-history-bulk-interval, plus the first and last step), so 10 runs of 100,000 steps send
 * about 10,000 points, not a million; a chart is a few hundred pixels wide anyway.
 */
export const MAX_POINTS_PER_RUN = 1000;

export interface MetricHistories {
  /** Each loaded run's points, by run id. */
  data: Record<string, Metric[]>;
  isPending: boolean;
  /** The first failure, if any run's history could not be loaded. */
  error: unknown;
  refetch: () => void;
}

// At module level, so TanStack Query keeps the combined result (and `data` its identity, which
// the chart memoises on) until one of the histories changes.
function combine(results: Array<UseQueryResult<RunMetricHistory>>): MetricHistories {
  const data: Record<string, Metric[]> = {};
  for (const r of results) if (r.data !== undefined) data[r.data.runId] = r.data.metrics;
  return {
    data,
    isPending: results.some((r) => r.isPending),
    error: results.find((r) => r.isError)?.error ?? undefined,
    refetch: () => {
      for (const r of results) if (r.isError) void r.refetch();
    },
  };
}

/**
 * One metric of several runs, downsampled on the server, one request per run. The server could
 * take them all at once, but it samples the steps of all runs together (MLflow's rule), which
 * leaves a short run next to a 100,000-step one with only its first and last point; per run, each
 * keeps its own detail, and each run's history is cached for every chart and page that shows it.
 * With `steps`, only that range, sampled afresh: a chart zoomed into 1,000 of 100,000 steps shows
 * every step there instead of the ten the whole-run sample had (MLflow's UI does the same).
 */
export function useMetricHistories(
  runIds: readonly string[],
  key: string,
  steps?: StepRange,
): MetricHistories {
  const { client } = useSignedIn();
  return useQueries({
    queries: [...new Set(runIds)].map((runId) => ({
      queryKey: chartKeys.history(runId, key, MAX_POINTS_PER_RUN, steps),
      queryFn: async (): Promise<RunMetricHistory> => {
        const [history] = await client.runs.getMetricHistoryInterval([runId], key, {
          maxResults: MAX_POINTS_PER_RUN,
          ...(steps === undefined ? {} : { startStep: steps.start, endStep: steps.end }),
        });
        return history ?? { runId, metrics: [] };
      },
      // While a zoomed range loads, the chart keeps what it drew instead of a loading state.
      placeholderData: keepPreviousData,
    })),
    combine,
  });
}
