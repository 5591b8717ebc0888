import type { CellValue } from '../data/table.js';
import type { ExpectationConfig } from './suite.js';

/** Unexpected values a result lists, as GE's default partial_unexpected_count. */
export const PARTIAL_UNEXPECTED_COUNT = 20;

/** What an expectation measured: a number, an extreme, the distinct values, or quantiles. */
export type ObservedValue =
  | CellValue
  | readonly CellValue[]
  | { readonly quantiles: readonly number[]; readonly values: readonly (number | null)[] };

/**
 * GE's `result` fields. Column-value expectations fill the counts; aggregate and table
 * expectations fill `observed_value`. Percentages are 0-100.
 */
export interface ExpectationResultDetails {
  observed_value?: ObservedValue;
  /** Rows examined (the table's row count). */
  element_count?: number;
  /** Rows skipped as missing (null or NaN; for a column pair or list, rows ignored by ignore_row_if). */
  missing_count?: number;
  missing_percent?: number | null;
  unexpected_count?: number;
  /** Unexpected share of the non-missing rows, as GE; null when every row is missing. */
  unexpected_percent?: number | null;
  /** Unexpected share of all rows. */
  unexpected_percent_total?: number | null;
  /** Up to 20 unexpected values in row order (pairs as [A, B], column lists as {column: value}). */
  partial_unexpected_list?: readonly unknown[];
  details?: Record<string, unknown>;
}

/** Set when an expectation could not be evaluated (a missing column, values of the wrong kind). */
export interface ExceptionInfo {
  raised_exception: boolean;
  exception_message: string | null;
}

export type ExpectationValidationResult = {
  success: boolean;
  result: ExpectationResultDetails;
  exception_info: ExceptionInfo;
} & ExpectationConfig;

export interface ValidationStatistics {
  evaluated_expectations: number;
  successful_expectations: number;
  unsuccessful_expectations: number;
  /** 0-100; null for an empty suite (as GE). */
  success_percent: number | null;
}

/** A suite's verdict on one data set, with GE's field names so GE users can read it. */
export interface ValidationResult {
  success: boolean;
  suite_name: string;
  statistics: ValidationStatistics;
  results: ExpectationValidationResult[];
}

/** What each expectation's check returns; validate() adds the config and exception_info. */
export interface CheckOutcome {
  success: boolean;
  result: ExpectationResultDetails;
  /** Why the expectation could not be evaluated; makes it fail. */
  exception?: string;
}
