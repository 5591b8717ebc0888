import { useQueries } from '@tanstack/react-query';
import type { UseQueryResult } from '@tanstack/react-query';
import type { Run } from '@slipway/core';
import { chartKeys } from '../../api/chart-keys.js';
import { useSignedIn } from '../../session/use-session.js';
import { comparedRun } from './compared-run.js';
import type { ComparedRun } from './compared-run.js';

export interface ComparedRuns {
  /** The runs loaded so far, in the URL's order (their styles follow that order). */
  runs: ComparedRun[];
  pending: boolean;
  /** The runs that could not be loaded, with why. */
  failures: Array<{ runId: string; error: unknown; retry: () => void }>;
}

/**
 * At module level, so TanStack Query keeps its result (and `runs` keeps its identity, which the
 * charts memoise on) until a query's result changes.
 */
function combine(results: Array<UseQueryResult<Run>>) {
  return {
    runs: results.flatMap((r, i) => (r.data === undefined ? [] : [comparedRun(r.data, i)])),
    pending: results.some((r) => r.isPending),
    failures: results.flatMap((r, index) =>
      r.isError ? [{ index, error: r.error as unknown, retry: () => void r.refetch() }] : [],
    ),
  };
}

/** Each run of the comparison, fetched in parallel (one query per run, cached per run). */
export function useComparedRuns(runIds: readonly string[]): ComparedRuns {
  const { client } = useSignedIn();
  const combined = useQueries({
    queries: runIds.map((runId) => ({
      queryKey: chartKeys.run(runId),
      queryFn: () => client.runs.get(runId),
    })),
    combine,
  });
  return {
    runs: combined.runs,
    pending: combined.pending,
    failures: combined.failures.map(({ index, error, retry }) => ({
      runId: runIds[index] ?? '',
      error,
      retry,
    })),
  };
}
