import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import {
  invalidArgument,
  type Experiment,
  type ExperimentSearchQuery,
  type FilterClause,
  type OrderByClause,
  type Page,
  type Tag,
} from '@slipway/core';
import { collated, numericPredicate, stringPredicate } from './filter-sql.js';
import { readableCondition } from './readable-sql.js';
import type { SlipwaySchema } from './schema.js';
import type { SqlDatabase, SqlDialectName } from './sql-database.js';
import { chunked, experimentFromRow, stagesFor } from './tracking-rows.js';

type ExperimentsEb = ExpressionBuilder<SlipwaySchema, 'experiments'>;
type Direction = 'asc' | 'desc';

const NUMERIC_ATTRIBUTES = {
  creation_time: 'experiments.creation_time',
  last_update_time: 'experiments.last_update_time',
} as const;

/**
 * MLflow's search_experiments: attribute filters on name / experiment_id / lifecycle_stage
 * (strings) and creation_time / last_update_time (numbers), tag filters through EXISTS, ordering
 * by name, experiment_id, creation_time or last_update_time. Without an order the default is
 * creation_time DESC, experiment_id ASC; otherwise experiment_id DESC breaks ties (as MLflow).
 */
export async function searchExperiments(
  database: SqlDatabase,
  query: ExperimentSearchQuery,
): Promise<Page<Experiment>> {
  const { db, dialect } = database;
  if (query.limit <= 0) return { items: [] };
  let q = db
    .selectFrom('experiments')
    .selectAll('experiments')
    .where('experiments.lifecycle_stage', 'in', stagesFor(query.viewType));
  for (const clause of query.filter) q = q.where((eb) => experimentClause(eb, dialect, clause));
  if (query.readableBy !== undefined) {
    const id = sql`cast(${sql.ref('experiments.experiment_id')} as text)`;
    q = q.where(readableCondition('experiment', id, query.readableBy));
  }
  for (const [expr, direction] of experimentOrder(dialect, query.orderBy)) {
    q = q.orderBy(expr, direction);
  }
  const rows = await q
    .limit(query.limit + 1)
    .offset(query.offset)
    .execute();
  const hasMore = rows.length > query.limit;
  const page = hasMore ? rows.slice(0, query.limit) : rows;
  const tags = await loadExperimentTags(
    db,
    page.map((r) => r.experiment_id),
  );
  const items = page.map((r) => experimentFromRow(r, tags.get(r.experiment_id) ?? []));
  return hasMore ? { items, nextOffset: query.offset + query.limit } : { items };
}

/** Tags of many experiments in one query per 5,000 ids, sorted by key. */
export async function loadExperimentTags(
  db: Kysely<SlipwaySchema>,
  ids: readonly number[],
): Promise<Map<number, Tag[]>> {
  const out = new Map<number, Tag[]>();
  for (const part of chunked(ids, 5_000)) {
    const rows = await db
      .selectFrom('experiment_tags')
      .select(['experiment_id', 'key', 'value'])
      .where('experiment_id', 'in', part)
      .orderBy('key')
      .execute();
    for (const r of rows) {
      const list = out.get(r.experiment_id);
      const tag = { key: r.key, value: r.value };
      if (list === undefined) out.set(r.experiment_id, [tag]);
      else list.push(tag);
    }
  }
  return out;
}

function experimentClause(
  eb: ExperimentsEb,
  dialect: SqlDialectName,
  clause: FilterClause,
): Expression<SqlBool> {
  if (clause.type === 'tag') {
    return eb.exists(
      eb
        .selectFrom('experiment_tags')
        .select(sql.lit(1).as('one'))
        .whereRef('experiment_tags.experiment_id', '=', 'experiments.experiment_id')
        .where('experiment_tags.key', '=', clause.key)
        .where(stringPredicate(dialect, sql.ref('experiment_tags.value'), clause)),
    );
  }
  if (clause.type !== 'attribute') {
    throw invalidArgument(`Experiments cannot be filtered by ${clause.type} fields.`);
  }
  switch (clause.key) {
    case 'name':
      return stringPredicate(dialect, sql.ref('experiments.name'), clause);
    case 'lifecycle_stage':
      return stringPredicate(dialect, sql.ref('experiments.lifecycle_stage'), clause);
    case 'experiment_id':
      // Ids are strings in the API: compare their decimal text, so "5" matches and LIKE works.
      return stringPredicate(dialect, sql`cast(experiments.experiment_id as text)`, clause);
    case 'creation_time':
    case 'last_update_time':
      return numericPredicate(sql.ref(NUMERIC_ATTRIBUTES[clause.key]), clause);
    default:
      throw invalidArgument(`Unknown experiment attribute '${clause.key}' in the search filter.`);
  }
}

function experimentOrder(
  dialect: SqlDialectName,
  orderBy: readonly OrderByClause[],
): [Expression<unknown>, Direction][] {
  const clauses: readonly OrderByClause[] =
    orderBy.length > 0
      ? orderBy
      : [
          { type: 'attribute', key: 'creation_time', ascending: false },
          { type: 'attribute', key: 'experiment_id', ascending: true },
        ];
  const terms: [Expression<unknown>, Direction][] = [];
  const seen = new Set<string>();
  for (const o of clauses) {
    if (o.type !== 'attribute') {
      throw invalidArgument(`Experiments can only be ordered by attributes, not ${o.type}s.`);
    }
    if (seen.has(o.key)) throw invalidArgument(`order_by names '${o.key}' more than once.`);
    seen.add(o.key);
    const dir: Direction = o.ascending ? 'asc' : 'desc';
    switch (o.key) {
      case 'name':
        terms.push([collated(dialect, sql.ref('experiments.name')), dir]);
        break;
      case 'experiment_id':
        terms.push([sql.ref('experiments.experiment_id'), dir]);
        break;
      case 'creation_time':
      case 'last_update_time':
        terms.push([sql.ref(NUMERIC_ATTRIBUTES[o.key]), dir]);
        break;
      default:
        throw invalidArgument(
          `Experiments cannot be ordered by '${o.key}'; use name, experiment_id, creation_time or last_update_time.`,
        );
    }
  }
  if (!seen.has('experiment_id')) terms.push([sql.ref('experiments.experiment_id'), 'desc']);
  return terms;
}
