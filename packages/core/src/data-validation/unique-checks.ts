import type { Column, ColumnarTable } from '../data/table.js';
import { isMissing, shownValue } from './cell-values.js';
import { encodeColumn } from './column-codes.js';
import type { ColumnCodes } from './column-codes.js';
import type { ExpectationKwargs } from './kwargs-schemas.js';
import { mapOutcome } from './map-outcome.js';
import { collectNumbers } from './numeric-values.js';
import { sortedCopy } from './quantiles.js';
import { isOutcome, lookUpColumns } from './table-columns.js';
import { PARTIAL_UNEXPECTED_COUNT } from './validation-result.js';
import type { CheckOutcome } from './validation-result.js';

interface Repeats {
  presentCount: number;
  isRepeated: (row: number) => boolean;
}

// Numbers: sort a copy and collect the values equal to a neighbour, far cheaper than a map of a
// million distinct keys.
function repeatedNumbers(column: Float64Array, rowCount: number): Repeats {
  const sorted = sortedCopy(collectNumbers(column, rowCount).values);
  const repeated = new Set<number>();
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i] === sorted[i - 1]) repeated.add(sorted[i] ?? 0);
  }
  return {
    presentCount: sorted.length,
    isRepeated: (row) => repeated.has(column[row] ?? Number.NaN),
  };
}

function repeatedValues(column: Column, rowCount: number): Repeats {
  const { codes, counts, missingCount } = encodeColumn(column, rowCount);
  return {
    presentCount: rowCount - missingCount,
    isRepeated: (row) => (counts[codes[row] ?? -1] ?? 0) > 1,
  };
}

/**
 * Every present value must occur once; as GE (pandas `duplicated(keep=False)`), every row of a
 * repeated value is unexpected, not only the repeats. Nulls are skipped.
 */
export function checkValuesUnique(
  table: ColumnarTable,
  kwargs: ExpectationKwargs['expect_column_values_to_be_unique'],
): CheckOutcome {
  const found = lookUpColumns(table, [kwargs.column]);
  if (isOutcome(found)) return found;
  const column = found[0] ?? [];
  const { rowCount } = table;
  const { presentCount, isRepeated } =
    column instanceof Float64Array
      ? repeatedNumbers(column, rowCount)
      : repeatedValues(column, rowCount);
  const partialUnexpected: unknown[] = [];
  let unexpectedCount = 0;
  for (let row = 0; row < rowCount; row++) {
    if (isMissing(column[row]) || !isRepeated(row)) continue;
    unexpectedCount++;
    if (partialUnexpected.length < PARTIAL_UNEXPECTED_COUNT) partialUnexpected.push(column[row]);
  }
  return mapOutcome(
    { elementCount: rowCount, consideredCount: presentCount, unexpectedCount, partialUnexpected },
    kwargs.mostly,
  );
}

type IgnoreRowIf = 'all_values_are_missing' | 'any_value_is_missing' | 'never';

function isIgnored(encoded: readonly ColumnCodes[], row: number, rule: IgnoreRowIf): boolean {
  if (rule === 'never') return false;
  let missing = 0;
  for (let i = 0; i < encoded.length; i++) if ((encoded[i]?.codes[row] ?? -1) < 0) missing++;
  return rule === 'all_values_are_missing' ? missing === encoded.length : missing > 0;
}

/**
 * Combines per-column codes into one code per row (a missing value is a value of its own here, as
 * pandas groups NaN with NaN). Keys stay exact below 2^53, i.e. for tables under ~90 million rows.
 */
function combineCodes(encoded: readonly ColumnCodes[], rowCount: number): Int32Array {
  const combined = new Int32Array(rowCount);
  for (const column of encoded) {
    const width = column.values.length + 1;
    const index = new Map<number, number>();
    for (let row = 0; row < rowCount; row++) {
      const key = (combined[row] ?? 0) * width + (column.codes[row] ?? -1) + 1;
      let code = index.get(key);
      if (code === undefined) {
        code = index.size;
        index.set(key, code);
      }
      combined[row] = code;
    }
  }
  return combined;
}

function rowExample(names: readonly string[], columns: readonly Column[], row: number): unknown {
  const example: Record<string, unknown> = {};
  names.forEach((name, i) => {
    example[name] = shownValue(columns[i]?.[row]);
  });
  return example;
}

/**
 * The columns taken together must not repeat (a compound key); every row of a repeated
 * combination is unexpected. Rows are skipped per ignore_row_if (default all_values_are_missing).
 */
export function checkCompoundColumnsUnique(
  table: ColumnarTable,
  kwargs: ExpectationKwargs['expect_compound_columns_to_be_unique'],
): CheckOutcome {
  const found = lookUpColumns(table, kwargs.column_list);
  if (isOutcome(found)) return found;
  const rule = kwargs.ignore_row_if ?? 'all_values_are_missing';
  const { rowCount } = table;
  const encoded = found.map((column) => encodeColumn(column, rowCount));
  const combined = combineCodes(encoded, rowCount);
  const counts = new Int32Array(rowCount);
  const considered = new Uint8Array(rowCount);
  let consideredCount = 0;
  for (let row = 0; row < rowCount; row++) {
    if (isIgnored(encoded, row, rule)) continue;
    considered[row] = 1;
    consideredCount++;
    const code = combined[row] ?? 0;
    counts[code] = (counts[code] ?? 0) + 1;
  }
  const partialUnexpected: unknown[] = [];
  let unexpectedCount = 0;
  for (let row = 0; row < rowCount; row++) {
    if (considered[row] === 0 || (counts[combined[row] ?? 0] ?? 0) < 2) continue;
    unexpectedCount++;
    if (partialUnexpected.length < PARTIAL_UNEXPECTED_COUNT) {
      partialUnexpected.push(rowExample(kwargs.column_list, found, row));
    }
  }
  return mapOutcome(
    { elementCount: rowCount, consideredCount, unexpectedCount, partialUnexpected },
    kwargs.mostly,
  );
}
