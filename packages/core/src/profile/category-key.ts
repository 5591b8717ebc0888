import type { CategoryKey } from '../drift/sample.js';

/**
 * Text that identifies a category across types, so 1, '1' and true hash (and serialise)
 * differently, as they are different categories to the drift tests.
 */
export function categoryKeyText(key: CategoryKey): string {
  if (typeof key === 'string') return `s:${key}`;
  return typeof key === 'number' ? `n:${key}` : `b:${key}`;
}
