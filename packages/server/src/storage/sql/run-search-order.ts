import { sql, type Expression, type SqlBool } from 'kysely';
import { invalidArgument, type OrderByClause } from '@slipway/core';
import { collated } from './filter-sql.js';
import {
  KEYED_TABLES,
  NUMERIC_ATTRIBUTES,
  STRING_ATTRIBUTES,
  type KeyedTable,
} from './run-search-filters.js';
import type { SqlDialectName } from './sql-database.js';

export type Direction = 'asc' | 'desc';

/**
 * ORDER BY terms. Each requested key contributes a rank (0 present, 1 NaN for metrics, 2 or 1
 * missing) sorted ascending whatever the direction, then the value in the requested direction:
 * SQLite has no NULLS LAST and PostgreSQL puts NULLs first in DESC, so the rank keeps both equal.
 * Strings sort bytewise (COLLATE "C" on PostgreSQL, SQLite's BINARY) so both backends agree.
 */
export function runOrder(dialect: SqlDialectName, orderBy: readonly OrderByClause[]): RunOrder {
  const terms: [Expression<unknown>, Direction][] = [];
  let leadingTerms = 0;
  const joins: OrderJoin[] = [];
  const seen = new Set<string>();
  let hasStartTime = false;
  let hasRunId = false;
  for (const o of orderBy) {
    if (terms.length > 0 && leadingTerms === 0) leadingTerms = terms.length;
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
  if (leadingTerms === 0) leadingTerms = terms.length;
  if (!hasStartTime) terms.push([sql.ref('runs.start_time'), 'desc']);
  if (!hasRunId) terms.push([sql.ref('runs.run_id'), 'asc']);
  return { terms, joins, leadingTerms };
}

export interface RunOrder {
  terms: [Expression<unknown>, Direction][];
  /** Left joins of the keys ordered by, aliased o0, o1... in order_by order. */
  joins: OrderJoin[];
  /** How many of `terms` the first order_by clause contributed (0 without order_by). */
  leadingTerms: number;
}

export interface OrderJoin {
  table: KeyedTable;
  alias: string;
  key: string;
}

/** The join condition of an order-by key: that key's row of the run, if it has one. */
export function orderJoinOn(join: OrderJoin): Expression<SqlBool> {
  return sql<SqlBool>`${sql.ref(`${join.alias}.run_id`)} = runs.run_id and ${sql.ref(`${join.alias}.key`)} = ${join.key}`;
}
