import { sql, type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { RunSearchQuery } from '@slipway/core';
import { runFilters, type KeyedFilter } from './run-search-filters.js';
import { orderJoinOn, type RunOrder } from './run-search-order.js';
import type { SlipwaySchema } from './schema.js';
import type { RunsTable } from './schema-tracking.js';
import type { SqlDatabase } from './sql-database.js';
import { stagesFor } from './tracking-rows.js';
import { transact } from './transact.js';

/**
 * The first window holds this many index entries per row wanted (enough for filters that keep 2%
 * of runs)... Both databases read the window in index order and stop at the page's last row, so
 * a wide window costs nothing when matches are dense; only the bound's lookup grows with it.
 */
const FIRST_WINDOW_PER_ROW = 50;
/** ...and each retry eight times more, so all attempts together cost about 1.14x the last one. */
const WINDOW_GROWTH = 8;
const ATTEMPTS = 3;
/** Deeper pages than this go straight to the planner's query. */
const MAX_WALKED_ROWS = 10_000;

type AnyQuery = SelectQueryBuilder<SlipwaySchema, 'runs', Selectable<RunsTable>>;

/**
 * Top-k for the commonest search, "order by a metric": instead of joining every run of the
 * experiment and sorting them all (what the planner does, ~1 s over 100,000 runs), read the
 * metric's (key, is_nan, value) index from the best value down. The first W entries of that index
 * end at some value `bound`; the runs whose value is at least as good as `bound` are a prefix of
 * the full ordering (ties at the bound included), so if that prefix holds offset + limit + 1
 * matching runs, the page found inside it is exactly the page of the full query. Otherwise the
 * window grows eightfold, twice, and then the caller falls back to the planner's query: never
 * worse than that query by more than the bounded cost of the attempts.
 *
 * Returns the page's rows (limit + 1 when a next page exists), or undefined when the caller must
 * run the full query: the order is not by a metric, the page is deep, the metric has fewer
 * values than the window (the full query reads no more), or the window held too few matches.
 *
 * On SQLite every join is a CROSS JOIN, which SQLite never reorders: the index walk must stay
 * the outer loop (the planner would otherwise start from a filter's index and sort everything),
 * and the equality filters on params and tags come next since they usually reject most rows
 * with one lookup each. PostgreSQL plans the same query itself from its statistics.
 */
export async function walkMetricIndex(
  database: SqlDatabase,
  query: RunSearchQuery,
  experimentIds: readonly number[],
  order: RunOrder,
): Promise<Selectable<RunsTable>[] | undefined> {
  const first = query.orderBy[0];
  const wanted = query.offset + query.limit + 1;
  if (first?.type !== 'metric' || wanted > MAX_WALKED_ROWS) return undefined;
  if (database.dialect === 'postgres') {
    // A few thousand index probes are cheaper than starting parallel workers, which the planner
    // picks here from its row estimate and which cost 30-60 ms on a small machine (ADR 0004).
    return transact(database.db, async (trx) => {
      await sql`set local max_parallel_workers_per_gather = 0`.execute(trx);
      return walk(trx, query, experimentIds, order, database);
    });
  }
  return walk(database.db, query, experimentIds, order, database);
}

async function walk(
  db: Kysely<SlipwaySchema>,
  query: RunSearchQuery,
  experimentIds: readonly number[],
  order: RunOrder,
  database: SqlDatabase,
): Promise<Selectable<RunsTable>[] | undefined> {
  const first = query.orderBy[0];
  if (first?.type !== 'metric') return undefined;
  const wanted = query.offset + query.limit + 1;
  const { keyed, runPredicates } = runFilters(database.dialect, query.filter, 'w.run_id');
  const joins = [...keyed.filter((f) => f.selective), ...keyed.filter((f) => !f.selective)];
  let window = wanted * FIRST_WINDOW_PER_ROW;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++, window *= WINDOW_GROWTH) {
    const edge = await db
      .selectFrom('latest_metrics')
      .select('value')
      .where('key', '=', first.key)
      .where('is_nan', '=', 0)
      .orderBy('value', first.ascending ? 'asc' : 'desc')
      .limit(1)
      .offset(window - 1)
      .executeTakeFirst();
    if (edge === undefined) return undefined;

    let q = db
      .selectFrom('latest_metrics as w')
      .where('w.key', '=', first.key)
      .where('w.is_nan', '=', 0)
      .where('w.value', first.ascending ? '<=' : '>=', edge.value) as unknown as AnyQuery;
    q = joins.reduce(crossJoin, q);
    q = q
      .crossJoin('runs')
      .selectAll('runs')
      .where(sql<SqlBool>`runs.run_id = w.run_id`)
      .where('runs.experiment_id', 'in', experimentIds)
      .where('runs.lifecycle_stage', 'in', stagesFor(query.viewType)) as AnyQuery;
    for (const predicate of runPredicates) q = q.where(predicate);
    // o0 is the walked metric itself (always present and a number here): its terms become w.value.
    for (const join of order.joins.slice(1)) {
      q = q.leftJoin(sql.table(join.table).as(join.alias), (j) =>
        j.on(orderJoinOn(join)),
      ) as unknown as AnyQuery;
    }
    q = q.orderBy(sql.ref('w.value'), first.ascending ? 'asc' : 'desc');
    for (const [expr, direction] of order.terms.slice(order.leadingTerms)) {
      q = q.orderBy(expr, direction);
    }
    const rows = await q
      .limit(query.limit + 1)
      .offset(query.offset)
      .execute();
    if (rows.length > query.limit) return rows;
  }
  return undefined;
}

function crossJoin(q: AnyQuery, filter: KeyedFilter): AnyQuery {
  return q
    .crossJoin(sql.table(filter.table).as(filter.alias))
    .where(filter.on) as unknown as AnyQuery;
}
