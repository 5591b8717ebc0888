import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import {
  invalidArgument,
  type FilterClause,
  type OrderByClause,
  type Page,
  type Run,
  type RunSearchQuery,
} from '@slipway/core';
import { collated, numericPredicate, stringPredicate } from './filter-sql.js';
import { loadRuns } from './run-loader.js';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase, SqlDialectName } from './sql-database.js';
import { experimentIdToInt, stagesFor } from './tracking-rows.js';

type RunsEb = ExpressionBuilder<SlipwaySchema, 'runs'>;

/** The input tag MLflow stores a dataset's role in ("training", "eval", ...). */
const DATASET_CONTEXT_TAG = 'mlflow.data.context';

const STRING_ATTRIBUTES = {
  run_id: 'runs.run_id',
  run_name: 'runs.name',
  status: 'runs.status',
  user_id: 'runs.user_id',
  artifact_uri: 'runs.artifact_uri',
  lifecycle_stage: 'runs.lifecycle_stage',
} as const;

const NUMERIC_ATTRIBUTES = {
  start_time: 'runs.start_time',
  end_time: 'runs.end_time',
} as const;

/**
 * MLflow's search_runs over the SQL tables. Filters are AND-joined; a run lacking the metric,
 * param or tag a clause names never matches it (not even `!=`). Ordering puts runs lacking the
 * key last in both directions (and, for metrics, NaN after every number but before missing),
 * then breaks ties by start_time DESC, run_id ASC. One extra row is fetched to know whether a
 * next page exists.
 */
export async function searchRuns(database: SqlDatabase, query: RunSearchQuery): Promise<Page<Run>> {
  const { db, dialect } = database;
  const experimentIds = query.experimentIds
    .map(experimentIdToInt)
    .filter((id): id is number => id !== undefined);
  if (experimentIds.length === 0 || query.limit <= 0) return { items: [] };

  let q = db
    .selectFrom('runs')
    .selectAll('runs')
    .where('runs.experiment_id', 'in', experimentIds)
    .where('runs.lifecycle_stage', 'in', stagesFor(query.viewType));
  for (const clause of query.filter) {
    q = q.where((eb) => runClause(eb, dialect, clause));
  }
  for (const [expr, direction] of runOrder(dialect, query.orderBy)) {
    q = q.orderBy(expr, direction);
  }
  const rows = await q
    .limit(query.limit + 1)
    .offset(query.offset)
    .execute();

  const hasMore = rows.length > query.limit;
  const items = await loadRuns(db, hasMore ? rows.slice(0, query.limit) : rows);
  return hasMore ? { items, nextOffset: query.offset + query.limit } : { items };
}

function runClause(eb: RunsEb, dialect: SqlDialectName, clause: FilterClause): Expression<SqlBool> {
  switch (clause.type) {
    case 'attribute':
      return attributeClause(dialect, clause);
    case 'metric':
      return metricClause(eb, clause);
    case 'param':
      return eb.exists(
        eb
          .selectFrom('params')
          .select(sql.lit(1).as('one'))
          .whereRef('params.run_id', '=', 'runs.run_id')
          .where('params.key', '=', clause.key)
          .where(stringPredicate(dialect, sql.ref('params.value'), clause)),
      );
    case 'tag':
      return eb.exists(
        eb
          .selectFrom('run_tags')
          .select(sql.lit(1).as('one'))
          .whereRef('run_tags.run_id', '=', 'runs.run_id')
          .where('run_tags.key', '=', clause.key)
          .where(stringPredicate(dialect, sql.ref('run_tags.value'), clause)),
      );
    case 'dataset':
      return datasetClause(eb, dialect, clause);
  }
}

function attributeClause(dialect: SqlDialectName, clause: FilterClause): Expression<SqlBool> {
  const key = clause.key;
  if (key in STRING_ATTRIBUTES) {
    const column = STRING_ATTRIBUTES[key as keyof typeof STRING_ATTRIBUTES];
    return stringPredicate(dialect, sql.ref(column), clause);
  }
  if (key in NUMERIC_ATTRIBUTES) {
    const column = NUMERIC_ATTRIBUTES[key as keyof typeof NUMERIC_ATTRIBUTES];
    return numericPredicate(sql.ref(column), clause);
  }
  throw invalidArgument(`Unknown run attribute '${key}' in the search filter.`);
}

/**
 * Compares the run's latest value. NaN (stored as 0 with is_nan = 1) follows IEEE semantics:
 * it is unequal to every number and neither smaller nor larger than any.
 */
function metricClause(eb: RunsEb, clause: FilterClause): Expression<SqlBool> {
  const isNan = sql.ref('latest_metrics.is_nan');
  const valueTest = numericPredicate(sql.ref('latest_metrics.value'), clause);
  const test =
    clause.comparator === '!='
      ? sql<SqlBool>`(${isNan} = 1 or ${valueTest})`
      : sql<SqlBool>`(${isNan} = 0 and ${valueTest})`;
  return eb.exists(
    eb
      .selectFrom('latest_metrics')
      .select(sql.lit(1).as('one'))
      .whereRef('latest_metrics.run_id', '=', 'runs.run_id')
      .where('latest_metrics.key', '=', clause.key)
      .where(test),
  );
}

function datasetClause(
  eb: RunsEb,
  dialect: SqlDialectName,
  clause: FilterClause,
): Expression<SqlBool> {
  if (clause.key === 'context') {
    return eb.exists(
      eb
        .selectFrom('run_inputs')
        .innerJoin('input_tags', 'input_tags.input_uuid', 'run_inputs.input_uuid')
        .select(sql.lit(1).as('one'))
        .whereRef('run_inputs.run_id', '=', 'runs.run_id')
        .where('input_tags.name', '=', DATASET_CONTEXT_TAG)
        .where(stringPredicate(dialect, sql.ref('input_tags.value'), clause)),
    );
  }
  if (clause.key !== 'name' && clause.key !== 'digest') {
    throw invalidArgument(
      `Unknown dataset field '${clause.key}' in the search filter; use datasets.name, datasets.digest or datasets.context.`,
    );
  }
  return eb.exists(
    eb
      .selectFrom('run_inputs')
      .innerJoin('datasets', 'datasets.dataset_uuid', 'run_inputs.dataset_uuid')
      .select(sql.lit(1).as('one'))
      .whereRef('run_inputs.run_id', '=', 'runs.run_id')
      .where(stringPredicate(dialect, sql.ref(`datasets.${clause.key}`), clause)),
  );
}

type Direction = 'asc' | 'desc';

/**
 * ORDER BY terms. Each requested key contributes a rank (0 present, 1 NaN for metrics, 2 or 1
 * missing) sorted ascending whatever the direction, then the value in the requested direction:
 * SQLite has no NULLS LAST and PostgreSQL puts NULLs first in DESC, so the rank keeps both equal.
 * Strings sort bytewise (COLLATE "C" on PostgreSQL, SQLite's BINARY) so both backends agree.
 */
function runOrder(
  dialect: SqlDialectName,
  orderBy: readonly OrderByClause[],
): [Expression<unknown>, Direction][] {
  const terms: [Expression<unknown>, Direction][] = [];
  const seen = new Set<string>();
  let hasStartTime = false;
  let hasRunId = false;
  for (const o of orderBy) {
    const id = `${o.type}:${o.key}`;
    if (seen.has(id)) {
      throw invalidArgument(`order_by names ${o.type} '${o.key}' more than once.`);
    }
    seen.add(id);
    const dir: Direction = o.ascending ? 'asc' : 'desc';
    if (o.type === 'metric') {
      const where = sql`latest_metrics.run_id = runs.run_id and latest_metrics.key = ${o.key}`;
      const rank = sql`coalesce((select case when latest_metrics.is_nan = 1 then 1 else 0 end from latest_metrics where ${where}), 2)`;
      terms.push([rank, 'asc']);
      terms.push([sql`(select latest_metrics.value from latest_metrics where ${where})`, dir]);
    } else if (o.type === 'param' || o.type === 'tag') {
      const table = sql.table(o.type === 'param' ? 'params' : 'run_tags');
      const value = sql`(select t.value from ${table} as t where t.run_id = runs.run_id and t.key = ${o.key})`;
      terms.push([sql`case when ${value} is null then 1 else 0 end`, 'asc']);
      terms.push([collated(dialect, value), dir]);
    } else if (o.type === 'attribute') {
      if (o.key in NUMERIC_ATTRIBUTES) {
        const column = sql.ref(NUMERIC_ATTRIBUTES[o.key as keyof typeof NUMERIC_ATTRIBUTES]);
        terms.push([sql`case when ${column} is null then 1 else 0 end`, 'asc']);
        terms.push([column, dir]);
        hasStartTime ||= o.key === 'start_time';
      } else if (o.key in STRING_ATTRIBUTES) {
        const column = sql.ref(STRING_ATTRIBUTES[o.key as keyof typeof STRING_ATTRIBUTES]);
        terms.push([collated(dialect, column), dir]);
        hasRunId ||= o.key === 'run_id';
      } else {
        throw invalidArgument(`Unknown run attribute '${o.key}' in order_by.`);
      }
    } else {
      throw invalidArgument(`Runs cannot be ordered by ${o.type} fields.`);
    }
  }
  if (!hasStartTime) terms.push([sql.ref('runs.start_time'), 'desc']);
  if (!hasRunId) terms.push([sql.ref('runs.run_id'), 'asc']);
  return terms;
}
