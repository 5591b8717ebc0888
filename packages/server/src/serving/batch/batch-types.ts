/**
 * How a column's values are typed when written: Parquet needs one physical type per column, and
 * a JSONL output should carry numbers as numbers even when the input was CSV text.
 */
export type ColumnKind = 'double' | 'int64' | 'boolean' | 'string' | 'json';

export type BatchFormat = 'csv' | 'jsonl' | 'parquet';

/** Rows read from an input file, row-major, cells aligned with BatchInput.columns. */
export interface RowChunk {
  rows: unknown[][];
  /** JSONL inputs: the records as read, so a JSONL output keeps every field of each line. */
  records?: Record<string, unknown>[] | undefined;
  /** Bytes of the file consumed once this chunk was read (text formats), for progress. */
  bytesRead?: number | undefined;
}

/** An input file opened for reading in chunks; nothing beyond one chunk is held in memory. */
export interface BatchInput {
  format: BatchFormat;
  /** Column names: the CSV header, the Parquet schema's top-level fields, the first JSONL keys. */
  columns: string[];
  /** Column kinds when the file declares them (Parquet); text formats leave them to the caller. */
  kinds: ColumnKind[] | undefined;
  /** Rows in the file when known without reading it (Parquet metadata). */
  totalRows: number | undefined;
  totalBytes: number;
  chunks(): AsyncIterable<RowChunk>;
  close(): Promise<void>;
}

export interface OutputColumnSpec {
  name: string;
  kind: ColumnKind;
}

/** An output file written chunk by chunk, in order. */
export interface BatchOutput {
  /** Row-major cells aligned with the schema; `records` are JSONL input lines to extend. */
  write(rows: unknown[][], records?: Record<string, unknown>[]): Promise<void>;
  /** Completes the file (Parquet footer) and closes it. */
  close(): Promise<void>;
  /** Closes the file after a failure, leaving no half-written file behind. */
  abort(): Promise<void>;
}
