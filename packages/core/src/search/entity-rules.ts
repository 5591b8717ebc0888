import type { Comparator, EntityType } from './filter-ast.js';
import {
  EXPERIMENT_NUMERIC_ATTRIBUTES,
  EXPERIMENT_STRING_ATTRIBUTES,
  MODEL_VERSION_NUMERIC_ATTRIBUTES,
  MODEL_VERSION_STRING_ATTRIBUTES,
  REGISTERED_MODEL_NUMERIC_ATTRIBUTES,
  REGISTERED_MODEL_STRING_ATTRIBUTES,
  RUN_DATASET_KEYS,
  RUN_NUMERIC_ATTRIBUTES,
  RUN_STRING_ATTRIBUTES,
} from './searchable-fields.js';

export const NUMERIC_COMPARATORS: readonly Comparator[] = ['=', '!=', '>', '>=', '<', '<='];
export const STRING_COMPARATORS: readonly Comparator[] = ['=', '!=', 'LIKE', 'ILIKE'];
const STRING_AND_LIST_COMPARATORS: readonly Comparator[] = [...STRING_COMPARATORS, 'IN', 'NOT IN'];

/** What a field accepts: the value type (lists come with IN / NOT IN) and its comparators. */
export interface FieldSpec {
  kind: 'number' | 'string';
  comparators: readonly Comparator[];
}

export interface AttributeSpec extends FieldSpec {
  /** Canonical name from searchable-fields.ts. */
  key: string;
}

/**
 * The search grammar of one entity type, after MLflow's SearchUtils / SearchExperimentsUtils /
 * SearchModelUtils / SearchModelVersionUtils. Attribute lists follow searchable-fields.ts, which is a
 * superset of what MLflow filters on (e.g. run lifecycle_stage, model-version current_stage).
 */
export interface EntityRules {
  /** Plural noun for messages. */
  noun: string;
  /** Lower-cased prefix spelling -> entity type. */
  prefixes: ReadonlyMap<string, EntityType>;
  /** The prefixes as shown in messages. */
  prefixHint: string;
  /** Accepted attribute spelling (canonical names and aliases) -> spec. */
  attributes: ReadonlyMap<string, AttributeSpec>;
  /** Specs for the non-attribute entity types this entity can filter on. */
  fields: Partial<Record<Exclude<EntityType, 'attribute'>, FieldSpec>>;
  datasetKeys: readonly string[];
  /** Accepted order_by attribute spelling -> canonical name. */
  orderAttributes: ReadonlyMap<string, string>;
  /** Entity types other than `attribute` that order_by accepts. */
  orderTypes: ReadonlySet<EntityType>;
}

const NUMBER: FieldSpec = { kind: 'number', comparators: NUMERIC_COMPARATORS };
const STRING: FieldSpec = { kind: 'string', comparators: STRING_COMPARATORS };
const STRING_OR_LIST: FieldSpec = { kind: 'string', comparators: STRING_AND_LIST_COMPARATORS };

function attributeTable(
  strings: readonly string[],
  numbers: readonly string[],
  overrides: Record<string, FieldSpec> = {},
  aliases: Record<string, string> = {},
): Map<string, AttributeSpec> {
  const table = new Map<string, AttributeSpec>();
  for (const key of strings) table.set(key, { key, ...(overrides[key] ?? STRING) });
  for (const key of numbers) table.set(key, { key, ...(overrides[key] ?? NUMBER) });
  for (const [alias, key] of Object.entries(aliases)) {
    const spec = table.get(key);
    if (spec) table.set(alias, spec);
  }
  return table;
}

function orderTable(keys: readonly string[], aliases: Record<string, string> = {}) {
  return new Map<string, string>([...keys.map((k) => [k, k] as const), ...Object.entries(aliases)]);
}

/** Prefixes for experiments and the registry: MLflow accepts `attribute`/`attributes` and `tag`/`tags`. */
const ATTRIBUTE_AND_TAG_PREFIXES = new Map<string, EntityType>([
  ['attribute', 'attribute'],
  ['attributes', 'attribute'],
  ['tag', 'tag'],
  ['tags', 'tag'],
]);

const RUN_ALIASES = {
  created: 'start_time',
  Created: 'start_time',
  'run name': 'run_name',
  'Run name': 'run_name',
  'Run Name': 'run_name',
};

export const RUN_RULES: EntityRules = {
  noun: 'runs',
  prefixes: new Map<string, EntityType>([
    ['attribute', 'attribute'],
    ['attributes', 'attribute'],
    ['attr', 'attribute'],
    ['run', 'attribute'],
    ['metric', 'metric'],
    ['metrics', 'metric'],
    ['param', 'param'],
    ['params', 'param'],
    ['parameter', 'param'],
    ['parameters', 'param'],
    ['tag', 'tag'],
    ['tags', 'tag'],
    ['dataset', 'dataset'],
    ['datasets', 'dataset'],
  ]),
  prefixHint: 'attributes., metrics., params., tags. or datasets.',
  // MLflow lets only run_id (of the attributes) compare against a list.
  attributes: attributeTable(
    RUN_STRING_ATTRIBUTES,
    RUN_NUMERIC_ATTRIBUTES,
    { run_id: STRING_OR_LIST },
    RUN_ALIASES,
  ),
  fields: { metric: NUMBER, param: STRING, tag: STRING, dataset: STRING_OR_LIST },
  datasetKeys: RUN_DATASET_KEYS,
  orderAttributes: orderTable([...RUN_STRING_ATTRIBUTES, ...RUN_NUMERIC_ATTRIBUTES], RUN_ALIASES),
  orderTypes: new Set<EntityType>(['metric', 'param', 'tag']),
};

export const EXPERIMENT_RULES: EntityRules = {
  noun: 'experiments',
  prefixes: ATTRIBUTE_AND_TAG_PREFIXES,
  prefixHint: 'attributes. or tags.',
  attributes: attributeTable(EXPERIMENT_STRING_ATTRIBUTES, EXPERIMENT_NUMERIC_ATTRIBUTES),
  fields: { tag: STRING },
  datasetKeys: [],
  orderAttributes: orderTable(['name', 'experiment_id', 'creation_time', 'last_update_time']),
  orderTypes: new Set(),
};

export const REGISTERED_MODEL_RULES: EntityRules = {
  noun: 'registered models',
  prefixes: ATTRIBUTE_AND_TAG_PREFIXES,
  prefixHint: 'attributes. or tags.',
  attributes: attributeTable(
    REGISTERED_MODEL_STRING_ATTRIBUTES,
    REGISTERED_MODEL_NUMERIC_ATTRIBUTES,
  ),
  fields: { tag: STRING },
  datasetKeys: [],
  // Older MLflow clients order registered models by `timestamp` (the creation time).
  orderAttributes: orderTable(['name', 'creation_timestamp', 'last_updated_timestamp'], {
    timestamp: 'creation_timestamp',
  }),
  orderTypes: new Set(),
};

const MODEL_VERSION_ALIASES = { version_number: 'version', source_path: 'source' };

export const MODEL_VERSION_RULES: EntityRules = {
  noun: 'model versions',
  prefixes: ATTRIBUTE_AND_TAG_PREFIXES,
  prefixHint: 'attributes. or tags.',
  // SearchModelVersionUtils allows IN (but not NOT IN), and only on run_id.
  attributes: attributeTable(
    MODEL_VERSION_STRING_ATTRIBUTES,
    MODEL_VERSION_NUMERIC_ATTRIBUTES,
    { run_id: { kind: 'string', comparators: [...STRING_COMPARATORS, 'IN'] } },
    MODEL_VERSION_ALIASES,
  ),
  fields: { tag: STRING },
  datasetKeys: [],
  orderAttributes: orderTable(['name', 'version', 'creation_timestamp', 'last_updated_timestamp'], {
    version_number: 'version',
  }),
  orderTypes: new Set(),
};
