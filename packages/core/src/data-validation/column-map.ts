import type { Column } from '../data/table.js';
import type { Cell } from './cell-values.js';
import { isMissing } from './cell-values.js';
import type { MapCounts } from './map-outcome.js';
import { PARTIAL_UNEXPECTED_COUNT } from './validation-result.js';

/**
 * Runs a per-value test over the present values of a column (missing values are skipped, as GE
 * does for every column-value expectation but not_be_null) and counts the values it rejects,
 * keeping the first 20 as examples. The test is called once per row and must not allocate.
 */
export function runColumnMap(
  column: Column,
  rowCount: number,
  isUnexpected: (value: Cell, row: number) => boolean,
): MapCounts {
  const partialUnexpected: Cell[] = [];
  let consideredCount = 0;
  let unexpectedCount = 0;
  for (let row = 0; row < rowCount; row++) {
    const value = column[row];
    if (isMissing(value)) continue;
    consideredCount++;
    if (isUnexpected(value, row)) {
      unexpectedCount++;
      if (partialUnexpected.length < PARTIAL_UNEXPECTED_COUNT) partialUnexpected.push(value);
    }
  }
  return { elementCount: rowCount, consideredCount, unexpectedCount, partialUnexpected };
}

/** Length in Unicode code points, as Python's len(), without allocating. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let i = 0; i < text.length - 1; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        i++;
      }
    }
  }
  return length;
}
