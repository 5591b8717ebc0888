import { invalidArgument } from '../errors.js';
import { hasNul } from '../validation/text.js';
import type { LoggedModelStatus } from '../domain/logged-model.js';
import type { LoggedModelOrderBy } from '../storage/logged-model-store.js';
import type { EntityType, FilterClause } from './filter-ast.js';
import { FilterLexer } from './filter-lexer.js';
import { describeToken, keySegments, parseFilter } from './filter-parser.js';
import { NUMERIC_COMPARATORS, STRING_COMPARATORS } from './entity-rules.js';
import type { AttributeSpec, EntityRules, FieldSpec } from './entity-rules.js';
import { checkOrderByCount } from './order-by-parser.js';
import { resolveOrderField } from './resolve-field.js';
import { failOrderBy } from './search-error.js';

/**
 * The search grammar of MLflow 3 logged models (mlflow/utils/search_logged_model_utils.py): AND-joined
 * comparisons on attributes (the model's columns), `metrics.<key>` (numbers), `params.<key>` and
 * `tags.<key>` (strings). MLflow's only prefixes are the plural ones; the singular spellings are
 * accepted as elsewhere in Slipway. Strings compare with =, !=, LIKE, ILIKE; numbers with =, !=, <,
 * <=, >, >=. There is no IN.
 */
export const LOGGED_MODEL_STRING_ATTRIBUTES = [
  'model_id',
  'name',
  'model_type',
  'status',
  'source_run_id',
  'experiment_id',
  'artifact_location',
] as const;
export const LOGGED_MODEL_NUMERIC_ATTRIBUTES = [
  'creation_timestamp',
  'last_updated_timestamp',
] as const;

// MLflow's SqlLoggedModel.ALIASES, plus the column names themselves.
const ALIASES: Record<string, string> = {
  creation_time: 'creation_timestamp',
  creation_timestamp_ms: 'creation_timestamp',
  last_updated_timestamp_ms: 'last_updated_timestamp',
  last_updated_time: 'last_updated_timestamp',
  artifact_uri: 'artifact_location',
};

const NUMBER: FieldSpec = { kind: 'number', comparators: NUMERIC_COMPARATORS };
const STRING: FieldSpec = { kind: 'string', comparators: STRING_COMPARATORS };

function attributes(): Map<string, AttributeSpec> {
  const table = new Map<string, AttributeSpec>();
  for (const key of LOGGED_MODEL_STRING_ATTRIBUTES) table.set(key, { key, ...STRING });
  for (const key of LOGGED_MODEL_NUMERIC_ATTRIBUTES) table.set(key, { key, ...NUMBER });
  for (const [alias, key] of Object.entries(ALIASES)) {
    const spec = table.get(key);
    if (spec) table.set(alias, spec);
  }
  return table;
}

export const LOGGED_MODEL_RULES: EntityRules = {
  noun: 'logged models',
  prefixes: new Map<string, EntityType>([
    ['attribute', 'attribute'],
    ['attributes', 'attribute'],
    ['metric', 'metric'],
    ['metrics', 'metric'],
    ['param', 'param'],
    ['params', 'param'],
    ['tag', 'tag'],
    ['tags', 'tag'],
  ]),
  prefixHint: 'attributes., metrics., params. or tags.',
  attributes: attributes(),
  fields: { metric: NUMBER, param: STRING, tag: STRING },
  datasetKeys: [],
  orderAttributes: new Map<string, string>([
    ...[...LOGGED_MODEL_STRING_ATTRIBUTES, ...LOGGED_MODEL_NUMERIC_ATTRIBUTES].map(
      (k) => [k, k] as const,
    ),
    ...Object.entries(ALIASES),
  ]),
  orderTypes: new Set<EntityType>(['metric']),
};

// Users write the Python enum's names (READY); the wire and the store use the protobuf names.
const STATUS_NAMES: Record<string, LoggedModelStatus> = {
  PENDING: 'LOGGED_MODEL_PENDING',
  READY: 'LOGGED_MODEL_READY',
  FAILED: 'LOGGED_MODEL_UPLOAD_FAILED',
  UPLOAD_FAILED: 'LOGGED_MODEL_UPLOAD_FAILED',
  LOGGED_MODEL_PENDING: 'LOGGED_MODEL_PENDING',
  LOGGED_MODEL_READY: 'LOGGED_MODEL_READY',
  LOGGED_MODEL_UPLOAD_FAILED: 'LOGGED_MODEL_UPLOAD_FAILED',
};

/**
 * Parses a search-logged-models filter. Equality on `status` takes either spelling of a status
 * (READY or LOGGED_MODEL_READY) and is normalised to the protobuf name the store keeps.
 */
export function parseLoggedModelFilter(filter: string | undefined): FilterClause[] {
  return parseFilter(filter, LOGGED_MODEL_RULES).map((clause) => {
    if (clause.type !== 'attribute' || clause.key !== 'status') return clause;
    if (clause.comparator !== '=' && clause.comparator !== '!=') return clause;
    const wanted = STATUS_NAMES[String(clause.value).toUpperCase()];
    if (wanted === undefined) {
      throw invalidArgument(
        `Invalid filter at position ${clause.position}: unknown logged model status ` +
          `'${String(clause.value)}'; use READY, PENDING or FAILED`,
        { position: clause.position },
      );
    }
    return { ...clause, value: wanted };
  });
}

/** One entry of SearchLoggedModels.order_by as it arrives on the wire. */
export interface LoggedModelOrderByInput {
  fieldName: string;
  ascending?: boolean | undefined;
  datasetName?: string | undefined;
  datasetDigest?: string | undefined;
}

/**
 * Resolves SearchLoggedModels' structured order_by: `field_name` is an attribute (`name`,
 * `creation_timestamp`, ...) or `metrics.<key>`; ascending unless told otherwise. A dataset may
 * only narrow a metric, and a digest only together with a name (as the proto documents).
 */
export function parseLoggedModelOrderBy(
  entries: readonly LoggedModelOrderByInput[] | undefined,
): LoggedModelOrderBy[] {
  checkOrderByCount(entries?.length ?? 0);
  return (entries ?? []).map((entry, index) => {
    const fail = failOrderBy(entry.fieldName, index);
    const lexer = new FilterLexer(entry.fieldName, fail);
    const keyToken = lexer.next();
    const segments = keySegments(keyToken);
    if (segments === undefined) {
      const problem = keyToken.kind === 'eof' ? 'the field name is empty' : 'expected a field name';
      return fail(keyToken.start, `${problem}, found ${describeToken(lexer, keyToken, 'nothing')}`);
    }
    const { type, key } = resolveOrderField(segments, keyToken.start, LOGGED_MODEL_RULES, fail);
    const rest = lexer.next();
    if (rest.kind !== 'eof') {
      return fail(
        rest.start,
        `expected only a field name, found ${describeToken(lexer, rest, 'the end')} ` +
          `(the direction is the separate 'ascending' field)`,
      );
    }
    if ((entry.datasetName || entry.datasetDigest) && type !== 'metric') {
      return fail(0, 'dataset_name and dataset_digest may only be set when ordering by a metric');
    }
    if (entry.datasetDigest && !entry.datasetName) {
      return fail(0, 'dataset_digest may only be set together with dataset_name');
    }
    for (const [field, text] of [
      ['dataset_name', entry.datasetName],
      ['dataset_digest', entry.datasetDigest],
    ] as const) {
      if (text !== undefined && hasNul(text)) {
        return fail(0, `${field} must not contain the NUL character (\\u0000)`);
      }
    }
    return {
      type,
      key,
      ascending: entry.ascending ?? true,
      ...(entry.datasetName ? { datasetName: entry.datasetName } : {}),
      ...(entry.datasetDigest ? { datasetDigest: entry.datasetDigest } : {}),
    };
  });
}
