import { sql } from 'kysely';
import type { Expression, OrderByItemBuilder, RawBuilder, SqlBool } from 'kysely';
import { invalidArgument } from '@slipway/core';
import type { FilterClause, OrderByClause } from '@slipway/core';
import { numericPredicate, numericValue, stringPredicate } from './filter-sql.js';
import type { SqlDialectName } from './sql-database.js';

/** A searchable column: its SQL reference and whether it compares as text or as a number. */
interface Column {
  ref: string;
  kind: 'string' | 'number';
}

// Queries alias registered_models as `m` and model_versions as `mv`.
const MODEL_COLUMNS: Record<string, Column> = {
  name: { ref: 'm.name', kind: 'string' },
  description: { ref: 'm.description', kind: 'string' },
  creation_timestamp: { ref: 'm.creation_time', kind: 'number' },
  last_updated_timestamp: { ref: 'm.last_updated_time', kind: 'number' },
  timestamp: { ref: 'm.creation_time', kind: 'number' },
};

const VERSION_COLUMNS: Record<string, Column> = {
  name: { ref: 'm.name', kind: 'string' },
  run_id: { ref: 'mv.run_id', kind: 'string' },
  source: { ref: 'mv.source', kind: 'string' },
  source_path: { ref: 'mv.source', kind: 'string' },
  current_stage: { ref: 'mv.current_stage', kind: 'string' },
  status: { ref: 'mv.status', kind: 'string' },
  user_id: { ref: 'mv.user_id', kind: 'string' },
  description: { ref: 'mv.description', kind: 'string' },
  version: { ref: 'mv.version', kind: 'number' },
  version_number: { ref: 'mv.version', kind: 'number' },
  creation_timestamp: { ref: 'mv.creation_time', kind: 'number' },
  last_updated_timestamp: { ref: 'mv.last_updated_time', kind: 'number' },
};

function column(table: Record<string, Column>, key: string, noun: string): Column {
  const found = Object.hasOwn(table, key) ? table[key] : undefined;
  if (!found) {
    throw invalidArgument(
      `Invalid attribute '${key}' for ${noun}; valid attributes are ${Object.keys(table).join(', ')}.`,
    );
  }
  return found;
}

function attributePredicate(
  dialect: SqlDialectName,
  col: Column,
  clause: FilterClause,
): RawBuilder<SqlBool> {
  const ref = sql.ref(col.ref);
  if (col.kind === 'string') return stringPredicate(dialect, ref, clause);
  if (clause.comparator === 'IN' || clause.comparator === 'NOT IN') {
    if (!Array.isArray(clause.value)) {
      throw invalidArgument(`IN and NOT IN on '${clause.key}' need a list of values.`);
    }
    const numbers = clause.value.map((v) => numericValue({ key: clause.key, value: v }));
    if (numbers.length === 0) {
      return clause.comparator === 'IN' ? sql<SqlBool>`1 = 0` : sql<SqlBool>`1 = 1`;
    }
    const list = sql.join(numbers);
    return clause.comparator === 'IN'
      ? sql<SqlBool>`${ref} IN (${list})`
      : sql<SqlBool>`${ref} NOT IN (${list})`;
  }
  return numericPredicate(ref, clause);
}

function checkType(clause: FilterClause, noun: string): void {
  if (clause.type !== 'attribute' && clause.type !== 'tag') {
    throw invalidArgument(
      `Cannot filter ${noun} on ${clause.type}s; use attributes (e.g. name) or tags.<key>.`,
    );
  }
}

/** One filter clause of search-registered-models as a predicate over `registered_models m`. */
export function registeredModelPredicate(
  dialect: SqlDialectName,
  clause: FilterClause,
): RawBuilder<SqlBool> {
  checkType(clause, 'registered models');
  if (clause.type === 'tag') {
    // A tag clause matches models that have the tag with a matching value (as MLflow's join does).
    const value = stringPredicate(dialect, sql.ref('t.value'), clause);
    return sql<SqlBool>`exists (select 1 from registered_model_tags t where t.model_id = m.id and t.key = ${clause.key} and ${value})`;
  }
  return attributePredicate(
    dialect,
    column(MODEL_COLUMNS, clause.key, 'registered models'),
    clause,
  );
}

/** One filter clause of search-model-versions as a predicate over `model_versions mv` joined to `m`. */
export function modelVersionPredicate(
  dialect: SqlDialectName,
  clause: FilterClause,
): RawBuilder<SqlBool> {
  checkType(clause, 'model versions');
  if (clause.type === 'tag') {
    const value = stringPredicate(dialect, sql.ref('t.value'), clause);
    return sql<SqlBool>`exists (select 1 from model_version_tags t where t.model_id = mv.model_id and t.version = mv.version and t.key = ${clause.key} and ${value})`;
  }
  return attributePredicate(dialect, column(VERSION_COLUMNS, clause.key, 'model versions'), clause);
}

/** One ORDER BY item: the expression and how to apply direction (and collation) to it. */
export interface OrderItem {
  expression: Expression<unknown>;
  modifiers: (ob: OrderByItemBuilder) => OrderByItemBuilder;
}

function orderItems(
  dialect: SqlDialectName,
  table: Record<string, Column>,
  orderBy: readonly OrderByClause[],
  tieBreak: readonly OrderByClause[],
  noun: string,
): OrderItem[] {
  const seen = new Set<string>();
  const items: OrderItem[] = [];
  for (const clause of [...orderBy, ...tieBreak]) {
    if (clause.type !== 'attribute') {
      throw invalidArgument(`Cannot order ${noun} by ${clause.type}s; order by attributes.`);
    }
    const col = column(table, clause.key, noun);
    if (seen.has(col.ref)) continue;
    seen.add(col.ref);
    // PostgreSQL sorts text by the database's locale; "C" gives the same byte order as SQLite, so a
    // page boundary falls in the same place on both backends.
    const collate = col.kind === 'string' && dialect === 'postgres';
    items.push({
      expression: sql.ref(col.ref),
      modifiers: (ob) => {
        const b = collate ? ob.collate('C') : ob;
        return clause.ascending ? b.asc() : b.desc();
      },
    });
  }
  return items;
}

const attr = (key: string, ascending: boolean): OrderByClause => ({
  type: 'attribute',
  key,
  ascending,
});

/** Registered models: the requested order, then name ascending (unique, so pages are stable). */
export function registeredModelOrder(
  dialect: SqlDialectName,
  orderBy: readonly OrderByClause[],
): OrderItem[] {
  return orderItems(dialect, MODEL_COLUMNS, orderBy, [attr('name', true)], 'registered models');
}

/**
 * Model versions: MLflow's default is last_updated_timestamp DESC; any order is completed with name
 * ascending and version descending, which together identify a version.
 */
export function modelVersionOrder(
  dialect: SqlDialectName,
  orderBy: readonly OrderByClause[],
): OrderItem[] {
  const requested = orderBy.length > 0 ? orderBy : [attr('last_updated_timestamp', false)];
  return orderItems(
    dialect,
    VERSION_COLUMNS,
    requested,
    [attr('name', true), attr('version', false)],
    'model versions',
  );
}
