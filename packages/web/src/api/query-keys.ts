import type { ViewType } from '@slipway/core';

/** What the experiments list asks the server for (from the page's URL). */
export interface ExperimentSearch {
  filter: string | undefined;
  viewType: ViewType;
  pageToken: string | undefined;
  maxResults: number;
}

/** What the runs list of one experiment asks the server for. */
export interface RunSearch {
  experimentId: string;
  viewType: ViewType;
  pageToken: string | undefined;
  maxResults: number;
}

/**
 * Every TanStack Query key of the UI, in one place, so a change can invalidate exactly what it
 * affects (`queryClient.invalidateQueries({ queryKey: queryKeys.experiments.all })`). Keys are
 * arrays from the general to the specific; the cache is cleared when the user changes.
 */
export const queryKeys = {
  experiments: {
    all: ['experiments'] as const,
    search: (search: ExperimentSearch) => ['experiments', 'search', search] as const,
    detail: (experimentId: string) => ['experiments', 'detail', experimentId] as const,
  },
  runs: {
    all: ['runs'] as const,
    search: (search: RunSearch) => ['runs', 'search', search] as const,
  },
};
