import { invalidArgument } from '../errors.js';
import { LIMITS } from '../domain/limits.js';
import { refuseNul } from './text.js';

// MLflow's rule for metric, param and tag keys: alphanumerics, underscores, dashes, periods, spaces,
// colons and slashes; no "..", no leading "/" (keys become file paths in some MLflow tools).
const KEY_PATTERN = /^[\w\-. /:]*$/u;

export type KeyKind = 'metric' | 'param' | 'tag';

export function validateKey(kind: KeyKind, key: unknown): string {
  if (typeof key !== 'string' || key.length === 0) {
    throw invalidArgument(`Missing value for required parameter 'key' of a ${kind}.`);
  }
  if (key.length > LIMITS.maxKeyLength) {
    throw invalidArgument(
      `${capitalise(kind)} key '${key.slice(0, 40)}...' has length ${key.length}, which exceeds the limit of ${LIMITS.maxKeyLength}.`,
    );
  }
  if (!KEY_PATTERN.test(key) || key.includes('..') || key.startsWith('/')) {
    throw invalidArgument(
      `Invalid ${kind} name: '${key}'. Names may only contain alphanumerics, underscores (_), dashes (-), periods (.), spaces ( ), colons (:) and slashes (/), and may not contain '..' or start with '/'.`,
    );
  }
  return key;
}

/**
 * A param value, truncated to MLflow's limit as MLflow's server does by default
 * (MLFLOW_TRUNCATE_LONG_VALUES, mlflow/utils/validation.py `_validate_param`): a training script
 * that logs a long config keeps running. The same long value always truncates the same way, so
 * logging it again still matches the stored (write-once) value.
 */
export function validateParamValue(key: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw invalidArgument(`Param '${key}' must have a string value.`);
  }
  return refuseNul(`Param '${key}' value`, truncate(value, LIMITS.maxParamValueLength));
}

/** A tag value of an experiment, registered model, version or logged model: refused over the limit. */
export function validateTagValue(key: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw invalidArgument(`Tag '${key}' must have a string value.`);
  }
  if (value.length > LIMITS.maxTagValueLength) {
    throw invalidArgument(
      `Tag value for '${key}' has length ${value.length}, which exceeds the limit of ${LIMITS.maxTagValueLength}.`,
    );
  }
  return refuseNul(`Tag '${key}' value`, value);
}

/**
 * A run tag: values over the limit are truncated, as MLflow's server does for run tags by default
 * (`_validate_tag` with MLFLOW_TRUNCATE_LONG_VALUES); keys over theirs are still refused.
 */
export function validateRunTag(tag: { key: unknown; value?: unknown }): {
  key: string;
  value: string;
} {
  const key = validateKey('tag', tag.key);
  const value = tag.value ?? '';
  if (typeof value !== 'string') {
    throw invalidArgument(`Tag '${key}' must have a string value.`);
  }
  return { key, value: refuseNul(`Tag '${key}' value`, truncate(value, LIMITS.maxTagValueLength)) };
}

/**
 * The first `limit` characters as Python's `value[:limit]` counts them (code points), so a
 * truncated value is what MLflow would store and never ends in half a surrogate pair.
 */
function truncate(value: string, limit: number): string {
  // Fewer UTF-16 units than the limit means fewer code points too: the common case costs nothing.
  if (value.length <= limit) return value;
  let index = 0;
  for (let count = 0; count < limit && index < value.length; count += 1) {
    index += (value.codePointAt(index) ?? 0) > 0xffff ? 2 : 1;
  }
  return value.slice(0, index);
}

/** A name for an experiment, registered model or alias: non-empty, bounded, no control characters. */
export function validateEntityName(what: string, name: unknown, maxLength: number): string {
  if (typeof name !== 'string' || name.trim().length === 0) {
    throw invalidArgument(`${what} name must be a non-empty string.`);
  }
  if (name.length > maxLength) {
    throw invalidArgument(
      `${what} name has length ${name.length}, which exceeds the limit of ${maxLength}.`,
    );
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/u.test(name)) {
    throw invalidArgument(`${what} name must not contain control characters.`);
  }
  return name;
}

// MLflow alias rule: letters, digits, underscore, dash; not a version-like "v<digits>" and not "latest".
const ALIAS_PATTERN = /^[\w-]{1,255}$/u;

export function validateAlias(alias: unknown): string {
  if (typeof alias !== 'string' || !ALIAS_PATTERN.test(alias)) {
    throw invalidArgument(
      `Invalid alias '${String(alias)}': use 1-255 letters, digits, underscores or dashes.`,
    );
  }
  if (/^v\d+$/iu.test(alias) || alias.toLowerCase() === 'latest') {
    throw invalidArgument(
      `Invalid alias '${alias}': 'latest' and version-like names such as 'v1' are reserved.`,
    );
  }
  return alias;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** A tag with a valid key and a bounded string value (a missing value counts as ''). */
export function validateTag(tag: { key: unknown; value?: unknown }): {
  key: string;
  value: string;
} {
  const key = validateKey('tag', tag.key);
  return { key, value: validateTagValue(key, tag.value ?? '') };
}
