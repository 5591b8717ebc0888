import type {
  JsonValue,
  LabeledPrediction,
  LoggedTensor,
  PredictionExportColumn,
  PredictionStatus,
} from '@slipway/core';

/** One exported prediction, keyed by PREDICTION_EXPORT_COLUMNS; absent values are null. */
export interface PredictionExportRow extends Record<PredictionExportColumn, unknown> {
  request_id: string;
  time: number;
  deployment: string;
  model_name: string;
  model_version: string;
  variant: string | null;
  latency_ms: number;
  status: PredictionStatus;
  error: string | null;
  inputs: LoggedTensor[];
  outputs: LoggedTensor[];
  /** The label; null when none is attached (a JSON null label exports the same way). */
  ground_truth: JsonValue;
  ground_truth_time: number | null;
}

export function toExportRow(prediction: LabeledPrediction): PredictionExportRow {
  return {
    request_id: prediction.requestId,
    time: prediction.time,
    deployment: prediction.deployment,
    model_name: prediction.modelName,
    model_version: prediction.modelVersion,
    variant: prediction.variant ?? null,
    latency_ms: prediction.latencyMs,
    status: prediction.status,
    error: prediction.error ?? null,
    inputs: prediction.inputs,
    outputs: prediction.outputs,
    ground_truth: prediction.groundTruth?.label ?? null,
    ground_truth_time: prediction.groundTruth?.time ?? null,
  };
}
