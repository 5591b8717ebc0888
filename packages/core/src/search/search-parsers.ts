import type { FilterClause, OrderByClause } from './filter-ast.js';
import {
  EXPERIMENT_RULES,
  MODEL_VERSION_RULES,
  REGISTERED_MODEL_RULES,
  RUN_RULES,
} from './entity-rules.js';
import { parseFilter } from './filter-parser.js';
import { parseOrderBy } from './order-by-parser.js';

/**
 * Entry points per searchable entity. Each throws SlipwayError INVALID_ARGUMENT naming the problem and
 * its 0-based position (`details.position`); an empty or blank filter means "no conditions".
 */
export function parseRunFilter(filter: string | undefined): FilterClause[] {
  return parseFilter(filter, RUN_RULES);
}

export function parseRunOrderBy(orderBy: string[] | undefined): OrderByClause[] {
  return parseOrderBy(orderBy, RUN_RULES);
}

export function parseExperimentFilter(filter: string | undefined): FilterClause[] {
  return parseFilter(filter, EXPERIMENT_RULES);
}

export function parseExperimentOrderBy(orderBy: string[] | undefined): OrderByClause[] {
  return parseOrderBy(orderBy, EXPERIMENT_RULES);
}

export function parseRegisteredModelFilter(filter: string | undefined): FilterClause[] {
  return parseFilter(filter, REGISTERED_MODEL_RULES);
}

export function parseRegisteredModelOrderBy(orderBy: string[] | undefined): OrderByClause[] {
  return parseOrderBy(orderBy, REGISTERED_MODEL_RULES);
}

export function parseModelVersionFilter(filter: string | undefined): FilterClause[] {
  return parseFilter(filter, MODEL_VERSION_RULES);
}

export function parseModelVersionOrderBy(orderBy: string[] | undefined): OrderByClause[] {
  return parseOrderBy(orderBy, MODEL_VERSION_RULES);
}
