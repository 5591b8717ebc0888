import type { ColumnarTable } from '../data/table.js';
import { invalidArgument } from '../errors.js';
import type { ColumnProfile } from './column-profile.js';
import { profileColumn } from './column-profile.js';
import { compareValues, readNumber } from './cell-values.js';
import type { ExpectationConfig, ExpectationSuite } from './suite.js';

export interface InferSuiteOptions {
  /** The suite's name; default `inferred`. */
  name?: string;
  /** Columns with at most this many distinct values (that repeat) get an in-set expectation; default 20. */
  maxSetSize?: number;
  /** Row count bounds as a fraction either side of the observed count; default 0 (exact, as GE's profiler). */
  rowCountTolerance?: number;
}

const DEFAULT_MAX_SET_SIZE = 20;

/** The non-null share rounded down to a hundredth, never above the share itself. */
function mostlyFor(presentCount: number, rowCount: number): number {
  const rate = presentCount / rowCount;
  // The epsilon keeps 29/100 at 0.29 (0.29 * 100 is 28.999999999999996); the loop keeps it <= rate.
  let hundredths = Math.floor(rate * 100 + 1e-9);
  while (hundredths > 0 && hundredths / 100 > rate) hundredths--;
  return hundredths / 100;
}

function columnExpectations(
  column: string,
  profile: ColumnProfile,
  rowCount: number,
  maxSetSize: number,
): ExpectationConfig[] {
  const out: ExpectationConfig[] = [
    { expectation_type: 'expect_column_to_exist', kwargs: { column } },
  ];
  const { presentCount, type, distinct } = profile;
  if (presentCount === 0) return out;
  if (type !== undefined) {
    out.push({
      expectation_type: 'expect_column_values_to_be_of_type',
      kwargs: { column, type_: type },
    });
  }
  out.push({
    expectation_type: 'expect_column_values_to_not_be_null',
    kwargs:
      presentCount === rowCount
        ? { column }
        : { column, mostly: mostlyFor(presentCount, rowCount) },
  });
  if (type === 'integer' || type === 'float') {
    // JSON has no infinities: an infinite extreme leaves that side unbounded.
    const min = readNumber(profile.min);
    const max = readNumber(profile.max);
    const min_value = Number.isFinite(min) ? min : null;
    const max_value = Number.isFinite(max) ? max : null;
    if (min_value !== null || max_value !== null) {
      out.push({
        expectation_type: 'expect_column_values_to_be_between',
        kwargs: { column, min_value, max_value },
      });
    }
  } else if (
    type === 'datetime' &&
    typeof profile.min === 'string' &&
    typeof profile.max === 'string'
  ) {
    out.push({
      expectation_type: 'expect_column_values_to_be_between',
      kwargs: { column, min_value: profile.min, max_value: profile.max },
    });
  }
  if (distinct.length <= maxSetSize && distinct.length < presentCount) {
    const value_set = distinct.filter((v) => v !== null).sort(compareValues);
    out.push({
      expectation_type: 'expect_column_values_to_be_in_set',
      kwargs: { column, value_set },
    });
  }
  if (distinct.length === presentCount && presentCount > 1) {
    out.push({ expectation_type: 'expect_column_values_to_be_unique', kwargs: { column } });
  }
  return out;
}

/**
 * A starting suite from a data set, which that data set passes: row and column counts; per column
 * existence, the most specific common type, not-null (with `mostly` at the non-null share rounded
 * down to a hundredth), min/max bounds for numeric and date columns, a value set for columns of at
 * most `maxSetSize` repeating values, and uniqueness when every value is distinct. Review it before
 * use: it describes this data, not what the data should be.
 */
export function inferSuite(
  table: ColumnarTable,
  options: InferSuiteOptions = {},
): ExpectationSuite {
  const maxSetSize = options.maxSetSize ?? DEFAULT_MAX_SET_SIZE;
  const tolerance = options.rowCountTolerance ?? 0;
  if (!Number.isInteger(maxSetSize) || maxSetSize < 0) {
    throw invalidArgument(`maxSetSize must be a whole number from 0, got ${maxSetSize}.`);
  }
  if (!(tolerance >= 0))
    throw invalidArgument(`rowCountTolerance must be a fraction from 0, got ${tolerance}.`);
  const { rowCount } = table;
  const expectations: ExpectationConfig[] = [
    {
      expectation_type: 'expect_table_row_count_to_be_between',
      kwargs: {
        min_value: Math.floor(rowCount * (1 - Math.min(tolerance, 1))),
        max_value: Math.ceil(rowCount * (1 + tolerance)),
      },
    },
    {
      expectation_type: 'expect_table_column_count_to_equal',
      kwargs: { value: table.columnNames.length },
    },
  ];
  for (const column of table.columnNames) {
    const data = table.columns.get(column);
    if (data === undefined) continue;
    expectations.push(
      ...columnExpectations(column, profileColumn(data, rowCount), rowCount, maxSetSize),
    );
  }
  return { name: options.name ?? 'inferred', expectations };
}
