import type { DriftSample } from './sample.js';
import { distinctCountUpTo } from './sample.js';
import type { StatTestName } from './tests/registry.js';
import type { TestedColumnType } from './tests/stat-test.js';

/** Evidently switches from p-value tests to distances above this many reference rows. */
export const SMALL_REFERENCE_MAX_ROWS = 1000;

/**
 * The test Evidently's `_get_default_stattest` picks for a column: by reference size (after
 * missing values are dropped), column type and the number of distinct values over reference and
 * current together. Numerical columns with few values may get `z` or `chisquare` although those
 * tests are listed as categorical-only; Evidently does the same.
 */
export function defaultStatTest(
  type: TestedColumnType,
  reference: DriftSample,
  current: DriftSample,
): StatTestName {
  const distinct = distinctCountUpTo(reference, current, 5);
  if (reference.size <= SMALL_REFERENCE_MAX_ROWS) {
    if (type === 'numerical') {
      if (distinct <= 5) return distinct > 2 ? 'chisquare' : 'z';
      return 'ks';
    }
    return distinct > 2 ? 'chisquare' : 'z';
  }
  if (type === 'numerical') return distinct <= 5 ? 'jensenshannon' : 'wasserstein';
  return 'jensenshannon';
}
