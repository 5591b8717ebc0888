import type { Generated } from 'kysely';
import type { PredictionStatus } from '@slipway/core';

/**
 * One logged prediction (migration 0004). `id` is the insertion order that breaks ties in keyset
 * paging; `inputs` and `outputs` are JSON text (exactly as written: no jsonb re-ordering, and no
 * parse cost on insert).
 */
export interface PredictionsTable {
  id: Generated<number>;
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
