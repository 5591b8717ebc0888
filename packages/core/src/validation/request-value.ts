import { LIMITS } from '../domain/limits.js';
import { jsonDepthError } from './json-depth.js';
import { hasNul, nulError } from './text.js';

/**
 * One pass over a parsed request part (a JSON body, a query, path parameters) before anything
 * validates or stores it: nesting deeper than `LIMITS.maxJsonDepth` is refused (the walk itself
 * recurses at most that deep, so it cannot overflow), and so is any string holding NUL
 * (PostgreSQL's text cannot hold it; SQLite's can, so the one rule keeps both backends alike),
 * naming where it is. `what` names the part: 'The request body', 'Query parameter'. Allocates
 * nothing unless it refuses: it runs on every native request.
 */
export function checkRequestValue(value: unknown, what: string): void {
  if (typeof value === 'string') {
    if (hasNul(value)) throw nulError(what);
    return;
  }
  if (typeof value === 'object' && value !== null) visit(value, 1, [], what);
}

function visit(value: object, depth: number, path: PropertyKey[], what: string): void {
  if (depth > LIMITS.maxJsonDepth) throw jsonDepthError(what);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) child(value[i] as unknown, i, depth, path, what);
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key in record) {
    if (Object.hasOwn(record, key)) child(record[key], key, depth, path, what);
  }
}

function child(
  item: unknown,
  key: PropertyKey,
  depth: number,
  path: PropertyKey[],
  what: string,
): void {
  if (typeof item === 'string') {
    if (hasNul(item)) throw nulError(`${what} '${[...path, key].map(String).join('.')}'`);
  } else if (typeof item === 'object' && item !== null) {
    path.push(key);
    visit(item, depth + 1, path, what);
    path.pop();
  }
}
