/** File formats `slipway predictions export` writes. */
export const PREDICTION_EXPORT_FORMATS = ['csv', 'parquet', 'jsonl'] as const;

export type PredictionExportFormat = (typeof PREDICTION_EXPORT_FORMATS)[number];

export function isPredictionExportFormat(value: unknown): value is PredictionExportFormat {
  return (PREDICTION_EXPORT_FORMATS as readonly unknown[]).includes(value);
}

/**
 * Columns of every export format, in order. `time` and `ground_truth_time` are milliseconds since
 * the epoch (TIMESTAMP_MILLIS in Parquet); `inputs`, `outputs` and `ground_truth` are JSON (text
 * in CSV, nested values in JSONL, the JSON logical type in Parquet); absent values are empty in
 * CSV and null in JSONL and Parquet.
 */
export const PREDICTION_EXPORT_COLUMNS = [
  'request_id',
  'time',
  'deployment',
  'model_name',
  'model_version',
  'variant',
  'latency_ms',
  'status',
  'error',
  'inputs',
  'outputs',
  'ground_truth',
  'ground_truth_time',
] as const;

export type PredictionExportColumn = (typeof PREDICTION_EXPORT_COLUMNS)[number];

export interface PredictionExportOptions {
  format: PredictionExportFormat;
  /** Inclusive lower bound on prediction time (ms). */
  from?: number;
  /** Exclusive upper bound on prediction time (ms). */
  to?: number;
  /** Only predictions served by this model version (`modelName` narrows further when given). */
  modelVersion?: string;
  modelName?: string;
}
