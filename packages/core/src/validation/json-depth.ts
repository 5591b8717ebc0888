import { invalidArgument } from '../errors.js';
import { LIMITS } from '../domain/limits.js';

/** The refusal for JSON nested past the limit; `what` names it ('The request body', "'label'"). */
export function jsonDepthError(what: string, maxDepth: number = LIMITS.maxJsonDepth) {
  return invalidArgument(
    `${what} is nested deeper than the limit of ${maxDepth} levels of objects and arrays.`,
    { limit: maxDepth },
  );
}

/**
 * Refuses a parsed JSON value nested deeper than `maxDepth` levels of objects and arrays (a
 * scalar is depth 0, `[1]` depth 1). Iterative, with an explicit stack, so it is safe on any
 * input; run it before anything walks the value recursively.
 */
export function checkJsonDepth(
  value: unknown,
  what: string,
  maxDepth: number = LIMITS.maxJsonDepth,
): void {
  if (typeof value !== 'object' || value === null) return;
  const stack: unknown[] = [value];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const node = stack.pop() as object;
    const depth = depths.pop() as number;
    if (depth > maxDepth) throw jsonDepthError(what, maxDepth);
    const children = Array.isArray(node) ? node : Object.values(node);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) {
        stack.push(child);
        depths.push(depth + 1);
      }
    }
  }
}

/**
 * The depth of a nested list along its first elements ([[1, 2]] is 2): what a tensor decoder
 * reads as the data's rank. Iterative; stops counting past `limit`.
 */
export function firstPathDepth(value: unknown, limit: number = LIMITS.maxJsonDepth): number {
  let depth = 0;
  let probe = value;
  while (Array.isArray(probe) && depth <= limit) {
    depth += 1;
    probe = probe[0];
  }
  return depth;
}
