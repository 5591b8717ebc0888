import type { CheckOutcome } from './validation-result.js';

export interface MapCounts {
  /** Rows examined. */
  elementCount: number;
  /** Rows the expectation judged (not missing, not ignored). */
  consideredCount: number;
  unexpectedCount: number;
  partialUnexpected: readonly unknown[];
}

function percent(part: number, whole: number): number | null {
  return whole > 0 ? (part / whole) * 100 : null;
}

/**
 * The verdict of a column-value ("map") expectation, as GE: the share of judged rows that pass must
 * be at least `mostly` (default 1); with no judged rows the expectation holds vacuously.
 * Percentages use the judged rows, so nulls neither pass nor fail.
 */
export function mapOutcome(counts: MapCounts, mostly: number | null | undefined): CheckOutcome {
  const { elementCount, consideredCount, unexpectedCount } = counts;
  const missingCount = elementCount - consideredCount;
  const success =
    consideredCount === 0 || (consideredCount - unexpectedCount) / consideredCount >= (mostly ?? 1);
  return {
    success,
    result: {
      element_count: elementCount,
      missing_count: missingCount,
      missing_percent: percent(missingCount, elementCount),
      unexpected_count: unexpectedCount,
      unexpected_percent: percent(unexpectedCount, consideredCount),
      unexpected_percent_total: percent(unexpectedCount, elementCount),
      partial_unexpected_list: counts.partialUnexpected,
    },
  };
}
