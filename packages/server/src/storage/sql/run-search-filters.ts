import {
  expressionBuilder,
  sql,
  type Expression,
  type ExpressionBuilder,
  type SqlBool,
} from 'kysely';
import { invalidArgument, type FilterClause } from '@slipway/core';
import { numericPredicate, stringPredicate } from './filter-sql.js';
import type { SlipwaySchema } from './schema.js';
import type { SqlDialectName } from './sql-database.js';

type RunsEb = ExpressionBuilder<SlipwaySchema, 'runs'>;

/** The input tag MLflow stores a dataset's role in ("training", "eval", ...). */
const DATASET_CONTEXT_TAG = 'mlflow.data.context';

/** Characters of param/tag values the PostgreSQL key/value index holds (see migration 0001). */
const INDEXED_PREFIX = 256;

export const KEYED_TABLES = { metric: 'latest_metrics', param: 'params', tag: 'run_tags' } as const;

export type KeyedTable = (typeof KEYED_TABLES)[keyof typeof KEYED_TABLES];

export const STRING_ATTRIBUTES = {
  run_id: 'runs.run_id',
  run_name: 'runs.name',
  status: 'runs.status',
  user_id: 'runs.user_id',
  artifact_uri: 'runs.artifact_uri',
  lifecycle_stage: 'runs.lifecycle_stage',
} as const;

export const NUMERIC_ATTRIBUTES = {
  start_time: 'runs.start_time',
  end_time: 'runs.end_time',
} as const;

/**
 * A metric, param or tag clause as a join on (run_id, key), which is unique, so a join never
 * multiplies rows and a run lacking the key drops out exactly as MLflow requires. `on` ties the
 * row to `anchor`, the run id column of whichever table the query starts from.
 */
export interface KeyedFilter {
  table: KeyedTable;
  alias: string;
  on: Expression<SqlBool>;
  /** An equality on a param or tag: usually far more selective than a metric range. */
  selective: boolean;
}

/** The search filter split into keyed joins and run-level predicates (attributes, datasets). */
export interface RunFilters {
  keyed: KeyedFilter[];
  runPredicates: Expression<SqlBool>[];
}

export function runFilters(
  dialect: SqlDialectName,
  filter: readonly FilterClause[],
  anchor: string,
): RunFilters {
  const keyed: KeyedFilter[] = [];
  const runPredicates: Expression<SqlBool>[] = [];
  const eb = expressionBuilder<SlipwaySchema, 'runs'>();
  filter.forEach((clause, i) => {
    const table = KEYED_TABLES[clause.type as keyof typeof KEYED_TABLES];
    if (table === undefined) {
      runPredicates.push(runClause(eb, dialect, clause));
      return;
    }
    const alias = `f${i}`;
    const on = sql<SqlBool>`${sql.ref(`${alias}.run_id`)} = ${sql.ref(anchor)} and ${sql.ref(`${alias}.key`)} = ${clause.key} and ${keyedPredicate(dialect, alias, clause)}`;
    const selective =
      clause.type !== 'metric' && (clause.comparator === '=' || clause.comparator === 'IN');
    keyed.push({ table, alias, on, selective });
  });
  return { keyed, runPredicates };
}

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
