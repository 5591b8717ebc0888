import { invalidArgument } from '@slipway/core';
import type {
  GroundTruth,
  JsonValue,
  LabeledPrediction,
  PredictionRecord,
  PredictionStatus,
  PredictionWrite,
} from '@slipway/core';
import { tensorColumns, tensorsFromColumn } from './prediction-tensor-column.js';
import type { GroundTruthTable } from './schema-predictions.js';

/** A predictions row as read, with the ground-truth columns of the join (null when unlabeled). */
export interface PredictionRow {
  id: number;
  request_id: string;
  deployment: string;
  model_name: string;
  model_version: string;
  variant: string | null;
  /** Bytes from the drivers; text only if something outside Slipway wrote a SQLite row. */
  inputs: Uint8Array | string;
  outputs: Uint8Array | string;
  latency_ms: number;
  status: PredictionStatus;
  error: string | null;
  time: number;
}

export interface LabeledPredictionRow extends PredictionRow {
  gt_label: string | null;
  gt_time: number | null;
}

/** Insert columns, in the order of `predictionValues`. */
export const PREDICTION_COLUMNS = [
  'request_id',
  'deployment',
  'model_name',
  'model_version',
  'variant',
  'inputs',
  'outputs',
  'latency_ms',
  'status',
  'error',
  'time',
] as const;

/** One row's bound values, in `PREDICTION_COLUMNS` order. */
export type PredictionValues = [
  string,
  string,
  string,
  string,
  string | null,
  Uint8Array,
  Uint8Array,
  number,
  string,
  string | null,
  number,
];

/** Bound values of each record, tensors encoded (see `tensorColumns`). */
export function predictionValues(
  records: readonly (PredictionWrite | PredictionRecord)[],
): PredictionValues[] {
  const lists: (PredictionWrite | PredictionRecord)['inputs'][] = [];
  for (const record of records) lists.push(record.inputs, record.outputs);
  const columns = tensorColumns(lists);
  return records.map((record, i) => [
    record.requestId,
    record.deployment,
    record.modelName,
    record.modelVersion,
    record.variant ?? null,
    columns[2 * i] as Uint8Array,
    columns[2 * i + 1] as Uint8Array,
    record.latencyMs,
    record.status,
    record.error ?? null,
    record.time,
  ]);
}

export function predictionFromRow(row: PredictionRow): PredictionRecord {
  const record: PredictionRecord = {
    requestId: row.request_id,
    deployment: row.deployment,
    modelName: row.model_name,
    modelVersion: row.model_version,
    inputs: tensorsFromColumn(row.inputs),
    outputs: tensorsFromColumn(row.outputs),
    latencyMs: Number(row.latency_ms),
    status: row.status,
    time: Number(row.time),
  };
  if (row.variant !== null) record.variant = row.variant;
  if (row.error !== null) record.error = row.error;
  return record;
}

export function labeledPredictionFromRow(row: LabeledPredictionRow): LabeledPrediction {
  const labeled: LabeledPrediction = predictionFromRow(row);
  if (row.gt_label !== null && row.gt_time !== null) {
    labeled.groundTruth = {
      label: JSON.parse(row.gt_label) as JsonValue,
      time: Number(row.gt_time),
    };
  }
  return labeled;
}

export function groundTruthToRow(label: GroundTruth): GroundTruthTable {
  // JSON.stringify drops undefined and functions silently; a label must survive the round trip.
  const text = label.label === undefined ? undefined : JSON.stringify(label.label);
  if (text === undefined) {
    throw invalidArgument(
      `Ground truth for request '${label.requestId}' has no label: send a JSON value (number, string, boolean, array or object).`,
    );
  }
  return {
    deployment: label.deployment,
    request_id: label.requestId,
    label: text,
    time: label.time,
  };
}
