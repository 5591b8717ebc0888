import type { ViewType } from '../domain/common.js';
import type { Filter, OrderByClause } from '../search/filter-ast.js';
import type { ReadableBy } from './permission-store.js';

/** What every search takes once the service has parsed filters and decoded the page token. */
export interface SearchWindow {
  /** Rows to return; the store fetches one more to know whether another page exists. */
  limit: number;
  offset: number;
}

export interface RunSearchQuery extends SearchWindow {
  experimentIds: string[];
  filter: Filter;
  orderBy: OrderByClause[];
  viewType: ViewType;
  /** Return runs' info only, without metrics, params, tags and inputs (much less to read). */
  infoOnly?: boolean | undefined;
}

export interface ExperimentSearchQuery extends SearchWindow {
  filter: Filter;
  orderBy: OrderByClause[];
  viewType: ViewType;
  /** Only what this user may read (absent: everything). */
  readableBy?: ReadableBy | undefined;
}

export interface RegisteredModelSearchQuery extends SearchWindow {
  filter: Filter;
  orderBy: OrderByClause[];
  /** Only what this user may read (absent: everything). */
  readableBy?: ReadableBy | undefined;
}

export interface ModelVersionSearchQuery extends SearchWindow {
  filter: Filter;
  orderBy: OrderByClause[];
  /** Only what this user may read (absent: everything). */
  readableBy?: ReadableBy | undefined;
}
