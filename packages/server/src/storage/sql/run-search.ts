import { sql, type Selectable } from 'kysely';
import type { Page, Run, RunSearchQuery } from '@slipway/core';
import { loadRuns, runsWithoutChildren } from './run-loader.js';
import { runFilters } from './run-search-filters.js';
import { orderJoinOn, runOrder, type RunOrder } from './run-search-order.js';
import { walkMetricIndex } from './run-search-walk.js';
import type { RunsTable } from './schema-tracking.js';
import type { SqlDatabase } from './sql-database.js';
import { experimentIdToInt, stagesFor } from './tracking-rows.js';

/**
 * MLflow's search_runs over the SQL tables. Filters are AND-joined; a run lacking the metric,
 * param or tag a clause names never matches it (not even `!=`). Ordering puts runs lacking the
 * key last in both directions (and, for metrics, NaN after every number but before missing),
 * then breaks ties by start_time DESC, run_id ASC. One extra row is fetched to know whether a
 * next page exists.
 *
 * Ordering by a metric first tries a walk of that metric's index (see run-search-walk.ts), which
 * returns the same page without reading every run of the experiment.
 */
export async function searchRuns(database: SqlDatabase, query: RunSearchQuery): Promise<Page<Run>> {
  const experimentIds = query.experimentIds
    .map(experimentIdToInt)
    .filter((id): id is number => id !== undefined);
  if (experimentIds.length === 0 || query.limit <= 0) return { items: [] };
  // Built first so that a bad order_by is refused whichever query answers.
  const order = runOrder(database.dialect, query.orderBy);
  const rows =
    (await walkMetricIndex(database, query, experimentIds, order)) ??
    (await plannedSearch(database, query, experimentIds, order));

  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const items = query.infoOnly ? runsWithoutChildren(page) : await loadRuns(database.db, page);
  return hasMore ? { items, nextOffset: query.offset + query.limit } : { items };
}

/**
 * The general query: every run of the experiments that passes the filters, sorted. Filters are
 * inner joins (unlike EXISTS) so the planner can start from the most selective key/value index
 * instead of probing every run of the experiment.
 */
async function plannedSearch(
  database: SqlDatabase,
  query: RunSearchQuery,
  experimentIds: readonly number[],
  order: RunOrder,
): Promise<Selectable<RunsTable>[]> {
  const { db, dialect } = database;
  let q = db
    .selectFrom('runs')
    .selectAll('runs')
    .where('runs.experiment_id', 'in', experimentIds)
    .where('runs.lifecycle_stage', 'in', stagesFor(query.viewType));
  const { keyed, runPredicates } = runFilters(dialect, query.filter, 'runs.run_id');
  for (const f of keyed) {
    q = q.innerJoin(sql.table(f.table).as(f.alias), (join) => join.on(f.on)) as unknown as typeof q;
  }
  for (const predicate of runPredicates) q = q.where(predicate);
  for (const join of order.joins) {
    q = q.leftJoin(sql.table(join.table).as(join.alias), (j) =>
      j.on(orderJoinOn(join)),
    ) as unknown as typeof q;
  }
  for (const [expr, direction] of order.terms) q = q.orderBy(expr, direction);
  return q
    .limit(query.limit + 1)
    .offset(query.offset)
    .execute();
}
