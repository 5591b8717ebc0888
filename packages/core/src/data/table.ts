/**
 * One value of a data set as read from CSV, Parquet, JSONL or a JSON request: numbers stay numbers,
 * missing values are null.
 */
export type CellValue = string | number | boolean | null;

/**
 * A column: a Float64Array when the reader knows the column is numeric (no boxing, NaN for missing),
 * otherwise plain values. Monitoring reads millions of rows, so hot paths take the typed form.
 */
export type Column = Float64Array | readonly CellValue[];

/** A data set held by column, the shape drift, validation and profiles work on. */
export interface ColumnarTable {
  /** Column names in the data set's own order. */
  readonly columnNames: readonly string[];
  readonly columns: ReadonlyMap<string, Column>;
  readonly rowCount: number;
}
