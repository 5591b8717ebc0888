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
  // Metric, param and tag clauses become inner joins on (run_id, key), which is unique, so a join
  // never multiplies rows, and a run lacking the key drops out exactly as MLflow requires. Joins
  // (unlike EXISTS) let the planner start from the most selective key/value index instead of
  // probing every run of the experiment.
  query.filter.forEach((clause, i) => {
    const table = KEYED_TABLES[clause.type as keyof typeof KEYED_TABLES];
    if (table === undefined) {
      q = q.where((eb) => runClause(eb, dialect, clause));
      return;
    }
    const alias = `f${i}`;
    const on = sql<SqlBool>`${sql.ref(`${alias}.run_id`)} = runs.run_id and ${sql.ref(`${alias}.key`)} = ${clause.key} and ${keyedPredicate(dialect, alias, clause)}`;
    q = q.innerJoin(sql.table(table).as(alias), (join) => join.on(on)) as unknown as typeof q;
  });
  const order = runOrder(dialect, query.orderBy);
  for (const join of order.joins) {
    q = q.leftJoin(sql.table(join.table).as(join.alias), (j) =>
      j.on(
        sql<SqlBool>`${sql.ref(`${join.alias}.run_id`)} = runs.run_id and ${sql.ref(`${join.alias}.key`)} = ${join.key}`,
      ),
    ) as unknown as typeof q;
  }
  for (const [expr, direction] of order.terms) {
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

/** Characters of param/tag values the PostgreSQL key/value index holds (see migration 0001). */
const INDEXED_PREFIX = 256;

const KEYED_TABLES = { metric: 'latest_metrics', param: 'params', tag: 'run_tags' } as const;

function runClause(eb: RunsEb, dialect: SqlDialectName, clause: FilterClause): Expression<SqlBool> {
  switch (clause.type) {
    case 'attribute':
      return attributeClause(dialect, clause);
    case 'dataset':
      return datasetClause(eb, dialect, clause);
    default:
      throw invalidArgument(`Unexpected ${clause.type} clause in the search filter.`);
  }
}

/**
 * The value test of a joined metric/param/tag row. Metric NaN (stored as 0 with is_nan = 1) follows
 * IEEE semantics: unequal to every number, neither smaller nor larger than any. On PostgreSQL,
 * string equality also compares the 256-character prefix the key/value index holds, so that index
 * can serve it (the full comparison still decides).
 */
function keyedPredicate(
  dialect: SqlDialectName,
  alias: string,
  clause: FilterClause,
): Expression<SqlBool> {
  const value = sql.ref(`${alias}.value`);
  if (clause.type === 'metric') {
    const isNan = sql.ref(`${alias}.is_nan`);
    const test = numericPredicate(value, clause);
    return clause.comparator === '!='
      ? sql<SqlBool>`(${isNan} = 1 or ${test})`
      : sql<SqlBool>`(${isNan} = 0 and ${test})`;
  }
  const test = stringPredicate(dialect, value, clause);
  if (dialect === 'postgres' && (clause.comparator === '=' || clause.comparator === 'IN')) {
    const wanted = clause.comparator === '=' ? [String(clause.value)] : (clause.value as string[]);
    const prefix = sql`left(${value}, ${sql.lit(INDEXED_PREFIX)})`;
    const prefixTest = stringPredicate(dialect, prefix, {
      ...clause,
      value:
        clause.comparator === '='
          ? (wanted[0]?.slice(0, INDEXED_PREFIX) ?? '')
          : wanted.map((v) => v.slice(0, INDEXED_PREFIX)),
    });
    // A value shorter than the prefix equals its own prefix, so the prefix test alone is exact, and
    // leaving out the redundant full comparison keeps the planner's row estimate honest.
    if (wanted.every((v) => v.length < INDEXED_PREFIX)) return prefixTest;
    return sql<SqlBool>`(${prefixTest} and ${test})`;
  }
  return test;
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
): { terms: [Expression<unknown>, Direction][]; joins: OrderJoin[] } {
  const terms: [Expression<unknown>, Direction][] = [];
  const joins: OrderJoin[] = [];
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
    if (o.type === 'metric' || o.type === 'param' || o.type === 'tag') {
      const alias = `o${joins.length}`;
      joins.push({ table: KEYED_TABLES[o.type], alias, key: o.key });
      const runId = sql.ref(`${alias}.run_id`);
      const value = sql.ref(`${alias}.value`);
      if (o.type === 'metric') {
        const isNan = sql.ref(`${alias}.is_nan`);
        terms.push([
          sql`case when ${runId} is null then 2 when ${isNan} = 1 then 1 else 0 end`,
          'asc',
        ]);
        terms.push([value, dir]);
        continue;
      }
      terms.push([sql`case when ${runId} is null then 1 else 0 end`, 'asc']);
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
  return { terms, joins };
}

interface OrderJoin {
  table: (typeof KEYED_TABLES)[keyof typeof KEYED_TABLES];
  alias: string;
  key: string;
}
