import type { ErrorCode, ResolvedModel, Tensor, VariantId } from '@slipway/core';
import type { OutputComparison } from './shadow-comparison.js';

/** One request a deployment answered (or failed to), for request counters and latency histograms. */
export interface ServedRequestEvent {
  deployment: string;
  variant: VariantId;
  model: ResolvedModel;
  /** undefined on success. */
  error?: ErrorCode | undefined;
  latencyMs: number;
  /** The request's headers (HTTP) or metadata (gRPC); absent for mirrored requests. */
  headers?: Record<string, string | undefined> | undefined;
}

/**
 * A prediction to log (failed ones too, with no outputs). Not sampled yet: the logger keeps it with
 * probability `sampleRate` (the spec's `logging.sampleRate`), so it can count what it left out.
 */
export interface PredictionEvent {
  requestId: string;
  deployment: string;
  variant: VariantId;
  model: ResolvedModel;
  inputs: readonly Tensor[];
  /** Empty when the prediction failed. */
  outputs: readonly Tensor[];
  latencyMs: number;
  /** When the request arrived, ms since the epoch. */
  time: number;
  /** True for a shadow challenger's answer (logged under the primary's request id, never returned). */
  shadow: boolean;
  sampleRate: number;
  /** The failure, when the prediction failed. */
  error?: unknown;
}

/** A mirrored request's outcome next to the primary's answer. */
export interface ShadowEvent {
  deployment: string;
  requestId: string;
  primary: ResolvedModel;
  challenger: ResolvedModel;
  latencyMs: number;
  /** Absent when the challenger failed. */
  comparison?: OutputComparison | undefined;
  error?: ErrorCode | undefined;
}

/** A deployment's routing weights after a change, e.g. for a canary-state gauge. */
export interface DeploymentStateEvent {
  deployment: string;
  policy: string;
  /** Percent of traffic per variant now (the shadow challenger's mirrored percent included). */
  weights: Record<VariantId, number>;
  /** The canary's phase, for canary deployments. */
  phase?: string | undefined;
}

/**
 * What the deployment layer tells the rest of the serving stack (Prometheus metrics, the prediction
 * log). Every method is optional, runs on the request path and must be cheap and never throw: the
 * service guards each call, and a failing observer never fails a request.
 */
export interface DeploymentObserver {
  onRequest?(event: ServedRequestEvent): void;
  onPrediction?(event: PredictionEvent): void;
  onShadow?(event: ShadowEvent): void;
  onStateChange?(event: DeploymentStateEvent): void;
  /** A deployment was deleted: drop its series. */
  onDeleted?(deployment: string): void;
  onModelLoaded?(model: ResolvedModel, loadMs: number): void;
  /** A deployment's dynamic batcher ran a batch; `queueDepth` is what still waits after it. */
  onBatch?(
    deployment: string,
    model: ResolvedModel,
    batch: { requests: number; rows: number; queueDepth: number },
  ): void;
}
