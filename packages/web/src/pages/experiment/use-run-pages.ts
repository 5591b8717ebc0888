import { keepPreviousData, useInfiniteQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import type { Run } from '@slipway/core';
import { queryKeys } from '../../api/query-keys.js';
import type { RunTableSearch } from '../../api/query-keys.js';
import { useSignedIn } from '../../session/use-session.js';

/** Runs per request: a screenful many times over, small enough to answer quickly. */
export const RUNS_PAGE_SIZE = 200;

/**
 * The runs of the table as one infinite query: the first page at once, each further page (by the
 * server's page token) when `fetchNextPage` is called, i.e. when the table is scrolled near the
 * end of what is loaded. While a new search loads, the previous rows stay on screen.
 */
export function useRunPages(search: RunTableSearch, enabled: boolean) {
  const { client } = useSignedIn();
  const query = useInfiniteQuery({
    queryKey: queryKeys.runs.table(search),
    queryFn: ({ pageParam }) =>
      client.runs.search({
        experimentIds: [search.experimentId],
        ...(search.filter !== undefined ? { filter: search.filter } : {}),
        orderBy: search.orderBy,
        viewType: search.viewType,
        maxResults: search.pageSize,
        runInfoOnly: search.runInfoOnly,
        ...(pageParam !== undefined ? { pageToken: pageParam } : {}),
      }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextPageToken,
    placeholderData: keepPreviousData,
    enabled,
  });
  const pages = query.data?.pages;
  // Runs are paged by offset, so a run started meanwhile can push one already loaded onto the
  // next page: each run is kept once, where it first appeared.
  const runs = useMemo(() => {
    if (pages === undefined) return undefined;
    const seen = new Set<string>();
    const all: Run[] = [];
    for (const page of pages) {
      for (const run of page.runs) {
        if (seen.has(run.info.runId)) continue;
        seen.add(run.info.runId);
        all.push(run);
      }
    }
    return all;
  }, [pages]);
  return { query, runs };
}
