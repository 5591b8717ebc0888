import type { Datatype } from '../inference/datatype.js';

/** Any value JSON can carry: what a ground-truth label or a logged tensor element may be. */
export type JsonValue =
  null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/**
 * One element of a logged tensor. Numbers for the numeric types (FP16 decoded), booleans for BOOL,
 * decimal strings for INT64 / UINT64 (every element, so a consumer never meets a mix and never loses
 * digits beyond 2^53), base64 strings for BYTES, and "NaN" / "Infinity" / "-Infinity" for
 * non-finite floats, which JSON cannot spell as numbers.
 */
export type LoggedTensorValue = number | boolean | string;

/** A tensor as the prediction log stores it: compact JSON, flat row-major `data`. */
export interface LoggedTensor {
  name: string;
  datatype: Datatype;
  shape: number[];
  data: LoggedTensorValue[];
}

export type PredictionStatus = 'ok' | 'error';

export const PREDICTION_STATUSES: readonly PredictionStatus[] = ['ok', 'error'];

/** One served (or failed) prediction as the prediction log keeps it. */
export interface PredictionRecord {
  /** The protocol request id (client-supplied or generated); ground truth is attached by it. */
  requestId: string;
  deployment: string;
  modelName: string;
  modelVersion: string;
  /** The deployment's variant that served it (`stable`, `candidate`, `challenger`, an A/B name). */
  variant?: string;
  inputs: LoggedTensor[];
  /** Empty when the prediction failed. */
  outputs: LoggedTensor[];
  latencyMs: number;
  status: PredictionStatus;
  /** What went wrong, when `status` is `error`. */
  error?: string;
  /** When the request arrived, milliseconds since the epoch. */
  time: number;
}
