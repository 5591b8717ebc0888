import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import {
  invalidArgument,
  type FilterClause,
  type LoggedModel,
  type LoggedModelDatasetFilter,
  type LoggedModelOrderBy,
  type LoggedModelSearchQuery,
  type Page,
} from '@slipway/core';
import { collated, numericPredicate, stringPredicate } from './filter-sql.js';
import { loadLoggedModels } from './logged-model-rows.js';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase, SqlDialectName } from './sql-database.js';
import { experimentIdToInt } from './tracking-rows.js';

type ModelsEb = ExpressionBuilder<SlipwaySchema, 'logged_models'>;
type Direction = 'asc' | 'desc';

const STRING_ATTRIBUTES: Record<string, string> = {
  model_id: 'logged_models.model_id',
  name: 'logged_models.name',
  model_type: 'logged_models.model_type',
  status: 'logged_models.status',
  source_run_id: 'logged_models.source_run_id',
  artifact_location: 'logged_models.artifact_location',
};

const NUMERIC_ATTRIBUTES: Record<string, string> = {
  creation_timestamp: 'logged_models.creation_time',
  last_updated_timestamp: 'logged_models.last_updated_time',
  // Compared as text in filters (MLflow treats it as a string), ordered as a number.
  experiment_id: 'logged_models.experiment_id',
};

const MODEL_ID = sql.ref('logged_models.model_id');

/**
 * MLflow's search_logged_models over the SQL tables. Clauses are AND-joined. A metric clause
 * matches a model with any point of that key satisfying it (restricted to the request's datasets
 * when given); with datasets but no metric clause, a model must have some point on one of them.
 * Order: the requested keys (missing values last in both directions; for metrics the latest point,
 * by time then step, counts), then creation time newest first, then model id. Deleted models never
 * match.
 */
export async function searchLoggedModels(
  database: SqlDatabase,
  query: LoggedModelSearchQuery,
): Promise<Page<LoggedModel>> {
  const { db, dialect } = database;
  const experimentIds = query.experimentIds
    .map(experimentIdToInt)
    .filter((id): id is number => id !== undefined);
  if (experimentIds.length === 0 || query.limit <= 0) return { items: [] };

  let q = db
    .selectFrom('logged_models')
    .selectAll('logged_models')
    .where('logged_models.experiment_id', 'in', experimentIds)
    .where('logged_models.lifecycle_stage', '=', 'active');
  for (const clause of query.filter) {
    q = q.where((eb) => clausePredicate(eb, dialect, clause, query.datasets));
  }
  if (query.datasets.length > 0 && !query.filter.some((c) => c.type === 'metric')) {
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('logged_model_metrics as m')
          .select(sql.lit(1).as('one'))
          .whereRef('m.model_id', '=', 'logged_models.model_id')
          .where(datasetPredicate(query.datasets)),
      ),
    );
  }
  for (const [expr, direction] of orderTerms(dialect, query.orderBy)) {
    q = q.orderBy(expr, direction);
  }
  const rows = await q
    .limit(query.limit + 1)
    .offset(query.offset)
    .execute();
  const hasMore = rows.length > query.limit;
  const items = await loadLoggedModels(database, hasMore ? rows.slice(0, query.limit) : rows);
  return hasMore ? { items, nextOffset: query.offset + query.limit } : { items };
}

function clausePredicate(
  eb: ModelsEb,
  dialect: SqlDialectName,
  clause: FilterClause,
  datasets: readonly LoggedModelDatasetFilter[],
): Expression<SqlBool> {
  switch (clause.type) {
    case 'attribute':
      return attributePredicate(dialect, clause);
    case 'metric': {
      const value = sql.ref('m.value');
      const isNan = sql.ref('m.is_nan');
      const test = numericPredicate(value, clause);
      // NaN (stored as 0 with is_nan = 1) is unequal to every number and neither smaller nor larger.
      const valueTest =
        clause.comparator === '!='
          ? sql<SqlBool>`(${isNan} = 1 or ${test})`
          : sql<SqlBool>`(${isNan} = 0 and ${test})`;
      let sub = eb
        .selectFrom('logged_model_metrics as m')
        .select(sql.lit(1).as('one'))
        .whereRef('m.model_id', '=', 'logged_models.model_id')
        .where('m.key', '=', clause.key)
        .where(valueTest);
      if (datasets.length > 0) sub = sub.where(datasetPredicate(datasets));
      return eb.exists(sub);
    }
    case 'param':
    case 'tag': {
      const table = clause.type === 'param' ? 'logged_model_params' : 'logged_model_tags';
      return eb.exists(
        eb
          .selectFrom(`${table} as kv`)
          .select(sql.lit(1).as('one'))
          .whereRef('kv.model_id', '=', 'logged_models.model_id')
          .where('kv.key', '=', clause.key)
          .where(stringPredicate(dialect, sql.ref('kv.value'), clause)),
      );
    }
    default:
      throw invalidArgument(`Logged models cannot be filtered by ${clause.type} fields.`);
  }
}

function attributePredicate(dialect: SqlDialectName, clause: FilterClause): Expression<SqlBool> {
  const key = clause.key;
  const stringColumn = STRING_ATTRIBUTES[key];
  if (stringColumn !== undefined) return stringPredicate(dialect, sql.ref(stringColumn), clause);
  if (key === 'experiment_id') {
    return stringPredicate(dialect, sql`cast(logged_models.experiment_id as text)`, clause);
  }
  const numericColumn = NUMERIC_ATTRIBUTES[key];
  if (numericColumn !== undefined) return numericPredicate(sql.ref(numericColumn), clause);
  throw invalidArgument(`Unknown logged model attribute '${key}' in the search filter.`);
}

/** Any of the datasets: a name, and the digest too when one is given. */
function datasetPredicate(datasets: readonly LoggedModelDatasetFilter[]): Expression<SqlBool> {
  const alternatives = datasets.map((d) =>
    d.datasetDigest
      ? sql<SqlBool>`(m.dataset_name = ${d.datasetName} and m.dataset_digest = ${d.datasetDigest})`
      : sql<SqlBool>`m.dataset_name = ${d.datasetName}`,
  );
  return sql<SqlBool>`(${sql.join(alternatives, sql` or `)})`;
}

/**
 * ORDER BY terms. A rank (0 present, 1 NaN for metrics, 2 or 1 missing) sorts ascending whatever
 * the direction, then the value in the requested direction: SQLite has no NULLS LAST and PostgreSQL
 * puts NULLs first in DESC, so the rank keeps both backends equal. Strings sort bytewise.
 */
function orderTerms(
  dialect: SqlDialectName,
  orderBy: readonly LoggedModelOrderBy[],
): [Expression<unknown>, Direction][] {
  const terms: [Expression<unknown>, Direction][] = [];
  const seen = new Set<string>();
  let hasCreation = false;
  for (const o of orderBy) {
    const id = `${o.type}:${o.key}:${o.datasetName ?? ''}:${o.datasetDigest ?? ''}`;
    if (seen.has(id)) throw invalidArgument(`order_by names ${o.type} '${o.key}' more than once.`);
    seen.add(id);
    const dir: Direction = o.ascending ? 'asc' : 'desc';
    if (o.type === 'metric') {
      const latest = (column: string) => sql`(select ${sql.raw(column)}
        from logged_model_metrics m
        where m.model_id = ${MODEL_ID} and m.key = ${o.key}${metricDataset(o)}
        order by m.timestamp desc, m.step desc, m.is_nan desc, m.value desc
        limit 1)`;
      terms.push([sql`coalesce(${latest('m.is_nan')}, 2)`, 'asc']);
      terms.push([latest('m.value'), dir]);
      continue;
    }
    if (o.type !== 'attribute') {
      throw invalidArgument(
        `Logged models can be ordered by attributes and metrics only, not ${o.type}s.`,
      );
    }
    const numeric = NUMERIC_ATTRIBUTES[o.key];
    const text = STRING_ATTRIBUTES[o.key];
    if (numeric !== undefined) {
      terms.push([sql.ref(numeric), dir]);
      hasCreation ||= o.key === 'creation_timestamp';
    } else if (text !== undefined) {
      const column = sql.ref(text);
      terms.push([sql`case when ${column} is null then 1 else 0 end`, 'asc']);
      terms.push([collated(dialect, column), dir]);
    } else {
      throw invalidArgument(`Invalid order by field name: ${o.key}`);
    }
  }
  if (!hasCreation) terms.push([sql.ref('logged_models.creation_time'), 'desc']);
  terms.push([MODEL_ID, 'asc']);
  return terms;
}

function metricDataset(o: LoggedModelOrderBy) {
  if (!o.datasetName) return sql``;
  if (!o.datasetDigest) return sql` and m.dataset_name = ${o.datasetName}`;
  return sql` and m.dataset_name = ${o.datasetName} and m.dataset_digest = ${o.datasetDigest}`;
}
