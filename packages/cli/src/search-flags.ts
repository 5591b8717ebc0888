import type { ViewType } from '@slipway/core';

/** The paging and filtering flags every `list`/`search` command shares. */
export interface SearchFlags {
  filter?: string;
  orderBy?: string[];
  view?: ViewType;
  maxResults?: number;
  pageToken?: string;
}

/**
 * The SDK search request for those flags: only the ones given, because the SDK treats a present
 * key as a deliberate value.
 */
export function searchQuery(o: SearchFlags): {
  filter?: string;
  orderBy?: string[];
  viewType?: ViewType;
  maxResults?: number;
  pageToken?: string;
} {
  return {
    ...(o.filter ? { filter: o.filter } : {}),
    ...(o.orderBy ? { orderBy: o.orderBy } : {}),
    ...(o.view ? { viewType: o.view } : {}),
    ...(o.maxResults ? { maxResults: o.maxResults } : {}),
    ...(o.pageToken ? { pageToken: o.pageToken } : {}),
  };
}
