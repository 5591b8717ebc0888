import type { EntityType } from './filter-ast.js';
import type { EntityRules, FieldSpec } from './entity-rules.js';
import type { IdentSegment } from './filter-lexer.js';
import type { Fail } from './search-error.js';

export interface ResolvedField {
  type: EntityType;
  /** Canonical attribute name, or the metric/param/tag/dataset key exactly as written (unquoted). */
  key: string;
  spec: FieldSpec;
  /** Human wording for messages, e.g. `metric 'acc'`. */
  description: string;
}

const TYPE_WORD: Record<EntityType, string> = {
  attribute: 'attribute',
  metric: 'metric',
  param: 'param',
  tag: 'tag',
  dataset: 'dataset key',
};

interface SplitIdentifier {
  type: EntityType;
  key: string;
}

/**
 * MLflow splits an identifier at its first '.': the head names the entity type and the rest, dots and
 * all, is the key (tags.mlflow.source.name -> tag `mlflow.source.name`). One segment means an attribute.
 */
function split(segments: readonly IdentSegment[], rules: EntityRules, fail: Fail): SplitIdentifier {
  const [head, ...rest] = segments;
  if (head === undefined) return fail(0, 'expected a key');
  if (rest.length === 0) return { type: 'attribute', key: head.text };
  const type = rules.prefixes.get(head.text.toLowerCase());
  if (type === undefined) {
    return fail(
      head.start,
      `unknown key prefix '${head.text}'; keys of ${rules.noun} start with ${rules.prefixHint}`,
    );
  }
  const key = rest.map((segment) => segment.text).join('.');
  const keyStart = rest[0]?.start ?? head.start;
  if (key.length === 0) return fail(keyStart, `the key after '${head.text}.' is empty`);
  return { type, key };
}

function listAttributes(rules: EntityRules): string {
  const canonical = [...new Set([...rules.attributes.values()].map((spec) => spec.key))];
  const aliases = [...rules.attributes.keys()].filter((name) => !canonical.includes(name));
  const aliasText = aliases.length > 0 ? ` (aliases: ${aliases.join(', ')})` : '';
  return `${canonical.join(', ')}${aliasText}`;
}

export function resolveFilterField(
  segments: readonly IdentSegment[],
  start: number,
  rules: EntityRules,
  fail: Fail,
): ResolvedField {
  const { type, key } = split(segments, rules, fail);
  if (type === 'attribute') {
    const spec = rules.attributes.get(key);
    if (spec === undefined) {
      const hint =
        segments.length === 1 && rules.fields.metric
          ? `; for a metric, param or tag write metrics.${key}, params.${key} or tags.${key}`
          : '';
      return fail(
        start,
        `unknown attribute '${key}' for ${rules.noun}; valid attributes: ${listAttributes(rules)}${hint}`,
      );
    }
    return { type, key: spec.key, spec, description: `attribute '${spec.key}'` };
  }
  const spec = rules.fields[type];
  if (spec === undefined) {
    return fail(start, `${rules.noun} cannot be filtered by ${type}s`);
  }
  if (type === 'dataset' && !rules.datasetKeys.includes(key)) {
    return fail(
      start,
      `unknown dataset key '${key}'; valid dataset keys: ${rules.datasetKeys.join(', ')}`,
    );
  }
  return { type, key, spec, description: `${TYPE_WORD[type]} '${key}'` };
}

export function resolveOrderField(
  segments: readonly IdentSegment[],
  start: number,
  rules: EntityRules,
  fail: Fail,
): { type: EntityType; key: string } {
  const { type, key } = split(segments, rules, fail);
  if (type === 'attribute') {
    const canonical = rules.orderAttributes.get(key);
    if (canonical === undefined) {
      const valid = [...rules.orderAttributes.keys()].join(', ');
      return fail(start, `${rules.noun} cannot be ordered by '${key}'; valid keys: ${valid}`);
    }
    return { type, key: canonical };
  }
  if (!rules.orderTypes.has(type)) {
    const allowed = ['attributes', ...[...rules.orderTypes].map((t) => `${t}s`)].join(', ');
    return fail(start, `${rules.noun} cannot be ordered by ${type}s; order by ${allowed}`);
  }
  return { type, key };
}
