/**
 * Typed AST for MLflow's search filter grammar (search-runs, search-experiments, search-registered-models,
 * search-model-versions). Filters are AND-joined clauses; stores compile them to parameterised SQL.
 */
export type Comparator = '=' | '!=' | '>' | '>=' | '<' | '<=' | 'LIKE' | 'ILIKE' | 'IN' | 'NOT IN';

/** Where a key lives. `attribute` covers run/experiment/model columns; `dataset` is MLflow's `datasets.*`. */
export type EntityType = 'metric' | 'param' | 'tag' | 'attribute' | 'dataset';

export interface FilterClause {
  type: EntityType;
  /** Normalised key: for attributes the canonical name (e.g. `start_time`, `run_name`, `status`). */
  key: string;
  comparator: Comparator;
  /** number for numeric comparisons; string[] for IN / NOT IN; string otherwise. */
  value: string | number | string[];
  /** 0-based character offset of the clause in the original filter string, for error messages. */
  position: number;
}

export interface OrderByClause {
  type: EntityType;
  key: string;
  ascending: boolean;
}

export type Filter = FilterClause[];
