import { invalidArgument } from '../errors.js';
import { LIMITS } from '../domain/limits.js';

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

export function validateParamValue(key: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw invalidArgument(`Param '${key}' must have a string value.`);
  }
  if (value.length > LIMITS.maxParamValueLength) {
    throw invalidArgument(
      `Param value for '${key}' has length ${value.length}, which exceeds the limit of ${LIMITS.maxParamValueLength}.`,
    );
  }
  return value;
}

export function validateTagValue(key: string, value: unknown): string {
  if (typeof value !== 'string') {
    throw invalidArgument(`Tag '${key}' must have a string value.`);
  }
  if (value.length > LIMITS.maxTagValueLength) {
    throw invalidArgument(
      `Tag value for '${key}' has length ${value.length}, which exceeds the limit of ${LIMITS.maxTagValueLength}.`,
    );
  }
  return value;
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
