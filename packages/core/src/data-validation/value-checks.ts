import type { ColumnarTable } from '../data/table.js';
import { boundsScale, isWithin, resolveBounds } from './bounds.js';
import { canonicalValue } from './cell-values.js';
import { codePointLength, runColumnMap } from './column-map.js';
import { compileRegex } from './compile-regex.js';
import type { ExpectationKwargs } from './kwargs-schemas.js';
import { mapOutcome } from './map-outcome.js';
import { readerFor } from './numeric-values.js';
import { isOutcome, lookUpColumns } from './table-columns.js';
import type { CheckOutcome } from './validation-result.js';
import { resolveValueType, typeBit, valueTypeMask } from './value-types.js';

type Kwargs = ExpectationKwargs;

/** Values must lie within the bounds; values that are not numbers (or dates, for date bounds) fail. */
export function checkValuesBetween(
  table: ColumnarTable,
  kwargs: Kwargs['expect_column_values_to_be_between'],
): CheckOutcome {
  const found = lookUpColumns(table, [kwargs.column]);
  if (isOutcome(found)) return found;
  const read = readerFor(boundsScale(kwargs));
  const bounds = resolveBounds(kwargs);
  const counts = runColumnMap(found[0] ?? [], table.rowCount, (v) => !isWithin(read(v), bounds));
  return mapOutcome(counts, kwargs.mostly);
}

/** Membership by meaning: "7" matches 7 and "TRUE" matches true (see canonicalValue). */
export function checkValuesInSet(
  table: ColumnarTable,
  kwargs: Kwargs['expect_column_values_to_be_in_set'],
): CheckOutcome {
  const found = lookUpColumns(table, [kwargs.column]);
  if (isOutcome(found)) return found;
  const allowed = new Set(kwargs.value_set.map(canonicalValue));
  const counts = runColumnMap(
    found[0] ?? [],
    table.rowCount,
    (v) => !allowed.has(canonicalValue(v)),
  );
  return mapOutcome(counts, kwargs.mostly);
}

/**
 * The regex must match somewhere in the value (a search, as GE's pandas `str.contains`; anchor
 * it with ^ and $ for a full match). Numbers are matched in JavaScript's text form: 1.0 is "1".
 */
export function checkValuesMatchRegex(
  table: ColumnarTable,
  kwargs: Kwargs['expect_column_values_to_match_regex'],
): CheckOutcome {
  const found = lookUpColumns(table, [kwargs.column]);
  if (isOutcome(found)) return found;
  const regex = compileRegex(kwargs.regex);
  if (typeof regex === 'string') return { success: false, result: {}, exception: regex };
  const counts = runColumnMap(
    found[0] ?? [],
    table.rowCount,
    (v) => !regex.test(typeof v === 'string' ? v : String(v)),
  );
  return mapOutcome(counts, kwargs.mostly);
}

/** Length in code points (as Python's len); numbers count the characters of their text form. */
export function checkValueLengthsBetween(
  table: ColumnarTable,
  kwargs: Kwargs['expect_column_value_lengths_to_be_between'],
): CheckOutcome {
  const found = lookUpColumns(table, [kwargs.column]);
  if (isOutcome(found)) return found;
  const bounds = resolveBounds(kwargs);
  const counts = runColumnMap(found[0] ?? [], table.rowCount, (v) => {
    const length = codePointLength(typeof v === 'string' ? v : String(v));
    return !isWithin(length, bounds);
  });
  return mapOutcome(counts, kwargs.mostly);
}

/** Each present value must be of the logical type (see VALUE_TYPES for what each accepts). */
export function checkValuesOfType(
  table: ColumnarTable,
  kwargs: Kwargs['expect_column_values_to_be_of_type'],
): CheckOutcome {
  const found = lookUpColumns(table, [kwargs.column]);
  if (isOutcome(found)) return found;
  const type = resolveValueType(kwargs.type_);
  if (type === undefined) {
    return {
      success: false,
      result: {},
      exception: `unknown type ${JSON.stringify(kwargs.type_)}`,
    };
  }
  const bit = typeBit(type);
  const counts = runColumnMap(
    found[0] ?? [],
    table.rowCount,
    (v) => (valueTypeMask(v) & bit) === 0,
  );
  const outcome = mapOutcome(counts, kwargs.mostly);
  outcome.result.details = { type };
  return outcome;
}
