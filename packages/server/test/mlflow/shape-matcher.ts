/**
 * A tiny structural matcher for golden fixtures. Expected values are plain JSON where:
 * - objects must have exactly the listed keys (so an unexpected or unset-but-emitted field fails);
 * - arrays must match element by element, or `{ "$unordered": [...] }` in any order;
 * - strings starting with `$` are type patterns (`$$x` is the literal `$x`);
 * - anything else must be equal.
 * Returns the mismatches as human-readable lines (empty means it matches).
 */

const PATTERNS: Record<string, (v: unknown) => boolean> = {
  $any: () => true,
  $string: (v) => typeof v === 'string',
  $nonEmptyString: (v) => typeof v === 'string' && v.length > 0,
  $decimalString: (v) => typeof v === 'string' && /^\d+$/u.test(v),
  $runId: (v) => typeof v === 'string' && /^[0-9a-f]{32}$/u.test(v),
  $int: (v) => typeof v === 'number' && Number.isSafeInteger(v),
  $number: (v) => typeof v === 'number',
  // Milliseconds since the epoch, as a JSON number (MLflow writes int64 fields as numbers).
  $timestamp: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v > 1e12,
  $bool: (v) => typeof v === 'boolean',
};

export function matchShape(actual: unknown, expected: unknown, path = '$'): string[] {
  if (typeof expected === 'string' && expected.startsWith('$')) {
    if (expected.startsWith('$$')) return eq(actual, expected.slice(1), path);
    const pattern = PATTERNS[expected];
    if (!pattern) return [`${path}: unknown pattern ${expected}`];
    return pattern(actual) ? [] : [`${path}: expected ${expected}, got ${show(actual)}`];
  }
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
    if (actual.length !== expected.length) {
      return [
        `${path}: expected ${expected.length} elements, got ${actual.length}: ${show(actual)}`,
      ];
    }
    return expected.flatMap((e, i) => matchShape(actual[i], e, `${path}[${i}]`));
  }
  if (isObject(expected)) {
    if ('$unordered' in expected) return matchUnordered(actual, expected.$unordered, path);
    if (!isObject(actual)) return [`${path}: expected an object, got ${show(actual)}`];
    const problems: string[] = [];
    for (const key of Object.keys(actual)) {
      if (!(key in expected))
        problems.push(`${path}.${key}: unexpected field ${show(actual[key])}`);
    }
    for (const [key, value] of Object.entries(expected)) {
      if (!(key in actual)) problems.push(`${path}.${key}: missing`);
      else problems.push(...matchShape(actual[key], value, `${path}.${key}`));
    }
    return problems;
  }
  return eq(actual, expected, path);
}

function matchUnordered(actual: unknown, expected: unknown, path: string): string[] {
  if (!Array.isArray(expected)) return [`${path}: $unordered needs an array`];
  if (!Array.isArray(actual)) return [`${path}: expected an array, got ${show(actual)}`];
  if (actual.length !== expected.length) {
    return [`${path}: expected ${expected.length} elements, got ${actual.length}: ${show(actual)}`];
  }
  const unused = [...actual];
  for (const e of expected) {
    const at = unused.findIndex((a) => matchShape(a, e).length === 0);
    if (at < 0) return [`${path}: no element matches ${show(e)} in ${show(actual)}`];
    unused.splice(at, 1);
  }
  return [];
}

function eq(actual: unknown, expected: unknown, path: string): string[] {
  return Object.is(actual, expected)
    ? []
    : [`${path}: expected ${show(expected)}, got ${show(actual)}`];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 300 ? `${text.slice(0, 300)}...` : text;
}
