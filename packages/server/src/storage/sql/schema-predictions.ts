import type { Generated } from 'kysely';
import type { PredictionStatus } from '@slipway/core';

/**
 * One logged prediction (migrations 0004 and 0006). `id` is the insertion order that breaks ties in
 * keyset paging. `inputs` and `outputs` are BLOB / bytea: the binary tensor encoding of
 * `encodeTensors`, or UTF-8 JSON text for rows from before 0006 and records appended in JSON form
 * (those start with '[', the binary form never does).
 */
export interface PredictionsTable {
  id: Generated<number>;
  request_id: string;
  deployment: string;
  model_name: string;
  model_version: string;
  variant: string | null;
  inputs: Uint8Array;
  outputs: Uint8Array;
  latency_ms: number;
  status: PredictionStatus;
  error: string | null;
  time: number;
}

/** One label per (deployment, request id); `label` is JSON text. */
export interface GroundTruthTable {
  deployment: string;
  request_id: string;
  label: string;
  time: number;
}

/** Tables of the prediction log and ground truth. */
export interface PredictionTables {
  predictions: PredictionsTable;
  ground_truth: GroundTruthTable;
}
