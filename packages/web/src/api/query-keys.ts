import type { ViewType } from '@slipway/core';

/** What the experiments list asks the server for (from the page's URL). */
export interface ExperimentSearch {
  filter: string | undefined;
  viewType: ViewType;
  pageToken: string | undefined;
  maxResults: number;
}

/**
 * What the runs table of one experiment asks the server for; its pages (tokens) are the pages of
 * one infinite query under this key.
 */
export interface RunTableSearch {
  experimentId: string;
  filter: string | undefined;
  orderBy: string[];
  viewType: ViewType;
  /** Without metrics, params and tags: when the table shows none of them. */
  runInfoOnly: boolean;
  pageSize: number;
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
    /** The param, metric and tag keys of the experiment's runs (the runs table's columns). */
    keys: (experimentId: string, viewType: ViewType) =>
      ['experiments', 'keys', experimentId, viewType] as const,
  },
  runs: {
    all: ['runs'] as const,
    /** Every loaded page of an experiment's runs table (an infinite query). */
    table: (search: RunTableSearch) => ['runs', 'table', search] as const,
  },
};
