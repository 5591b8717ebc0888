import type { PredictionStatus, Tensor } from '@slipway/core';

/**
 * What the request path hands to `PredictionLogger.log`: references only, nothing serialised.
 * The logger keeps the tensors until it flushes, so the caller must not mutate them afterwards
 * (the serving path never does: request and response tensors are not reused).
 */
export interface PredictionEvent {
  requestId: string;
  deployment: string;
  modelName: string;
  modelVersion: string;
  variant?: string | undefined;
  inputs: readonly Tensor[];
  /** Empty when the prediction failed. */
  outputs: readonly Tensor[];
  latencyMs: number;
  status: PredictionStatus;
  /** The failure (an Error or a message); its message is stored. */
  error?: unknown;
  /** When the request arrived, milliseconds since the epoch. */
  time: number;
}
