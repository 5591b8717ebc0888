import { invalidArgument } from '@slipway/core';
import type {
  GroundTruth,
  JsonValue,
  LabeledPrediction,
  LoggedTensor,
  PredictionRecord,
  PredictionStatus,
} from '@slipway/core';
import type { Insertable } from 'kysely';
import type { GroundTruthTable, PredictionsTable } from './schema-predictions.js';

/** A predictions row as read, with the ground-truth columns of the join (null when unlabeled). */
export interface PredictionRow {
  id: number;
  request_id: string;
  deployment: string;
  model_name: string;
  model_version: string;
  variant: string | null;
  inputs: string;
  outputs: string;
  latency_ms: number;
  status: PredictionStatus;
  error: string | null;
  time: number;
}

export interface LabeledPredictionRow extends PredictionRow {
  gt_label: string | null;
  gt_time: number | null;
}

export function predictionToRow(record: PredictionRecord): Insertable<PredictionsTable> {
  return {
    request_id: record.requestId,
    deployment: record.deployment,
    model_name: record.modelName,
    model_version: record.modelVersion,
    variant: record.variant ?? null,
    inputs: JSON.stringify(record.inputs),
    outputs: JSON.stringify(record.outputs),
    latency_ms: record.latencyMs,
    status: record.status,
    error: record.error ?? null,
    time: record.time,
  };
}

export function predictionFromRow(row: PredictionRow): PredictionRecord {
  const record: PredictionRecord = {
    requestId: row.request_id,
    deployment: row.deployment,
    modelName: row.model_name,
    modelVersion: row.model_version,
    inputs: JSON.parse(row.inputs) as LoggedTensor[],
    outputs: JSON.parse(row.outputs) as LoggedTensor[],
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
