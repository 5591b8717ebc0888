import { invalidArgument } from '../errors.js';
import type { SlipwayError } from '../errors.js';
import type { PipelineParamValue } from './pipeline-types.js';
import { describeParams } from './pipeline-spec-checks.js';

type Scalar = string | number | boolean;

/**
 * The pipeline's params with `--param name=value` overrides applied. Each override takes the type
 * of the parameter's default: a number must parse, a boolean is true or false, a list is a JSON
 * array (`["a","b"]`) or comma-separated (`a,b`; empty for none), its items typed like the
 * default's. An unknown name is INVALID_ARGUMENT listing the declared ones.
 */
export function applyParamOverrides(
  declared: Readonly<Record<string, PipelineParamValue>>,
  overrides: Readonly<Record<string, string>>,
): Record<string, PipelineParamValue> {
  const params: Record<string, PipelineParamValue> = { ...declared };
  for (const [name, text] of Object.entries(overrides)) {
    const current = Object.hasOwn(declared, name) ? declared[name] : undefined;
    if (current === undefined) {
      throw invalidArgument(
        `Unknown parameter "${name}" in --param ${name}=${text}; ${describeParams(Object.keys(declared))}.`,
        { param: name, known: Object.keys(declared) },
      );
    }
    params[name] = isList(current)
      ? parseList(name, text, current)
      : parseScalarOverride(name, text, current);
  }
  return params;
}

function isList(value: PipelineParamValue): value is readonly Scalar[] {
  return Array.isArray(value);
}

function parseScalarOverride(name: string, text: string, like: Scalar): Scalar {
  const value = coerce(text, like);
  if (value === undefined) throw badValue(name, text, `${name} must be ${describeKind(like)}`);
  return value;
}

/** `text` as the type of `like`; undefined when it does not parse. */
function coerce(text: string, like: Scalar): Scalar | undefined {
  if (typeof like === 'number') {
    const value = text.trim() === '' ? Number.NaN : Number(text);
    return Number.isFinite(value) ? value : undefined;
  }
  if (typeof like === 'boolean') {
    const word = text.trim().toLowerCase();
    if (word === 'true') return true;
    if (word === 'false') return false;
    return undefined;
  }
  return text;
}

function describeKind(like: Scalar): string {
  if (typeof like === 'number') return `a number (its default is ${like})`;
  if (typeof like === 'boolean') return `true or false (its default is ${like})`;
  return 'a string';
}

function parseList(name: string, text: string, like: readonly Scalar[]): Scalar[] {
  const items = text.trim().startsWith('[') ? parseJsonList(name, text) : splitList(text);
  // Items take the type of the default's items when those agree; otherwise they stay as given.
  const first = like[0];
  const uniform = first !== undefined && like.every((item) => typeof item === typeof first);
  if (!uniform) return items;
  return items.map((item) => {
    if (typeof first === 'string') return String(item);
    const value = coerce(String(item), first);
    if (value === undefined || (typeof item !== 'string' && typeof item !== typeof first)) {
      throw badValue(
        name,
        text,
        `each item of ${name} must be ${describeKind(first).replace(/ \(.*\)$/u, '')} (its default is ${JSON.stringify(like)}); ${JSON.stringify(item)} is not`,
      );
    }
    return value;
  });
}

function splitList(text: string): string[] {
  if (text.trim() === '') return [];
  return text.split(',').map((item) => item.trim());
}

function isScalar(item: unknown): item is Scalar {
  return (
    typeof item === 'string' ||
    typeof item === 'boolean' ||
    (typeof item === 'number' && Number.isFinite(item))
  );
}

function parseJsonList(name: string, text: string): Scalar[] {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw badValue(
      name,
      text,
      `${name} is a list: write a JSON list such as ["a","b"] or comma-separated items such as a,b`,
    );
  }
  if (!Array.isArray(value) || !value.every(isScalar)) {
    throw badValue(name, text, `${name} must be a list of strings, numbers or booleans`);
  }
  return value;
}

function badValue(name: string, text: string, problem: string): SlipwayError {
  return invalidArgument(`--param ${name}=${text}: ${problem}.`, { param: name });
}
