import type { Caller, Tensor } from '@slipway/core';
import type { ModelMetadata } from '../runtime/model-runtime.js';

/** Parameter values the protocol allows: `$parameter = $string : $string | $number | $boolean`. */
export type ParameterValue = string | number | boolean;
export type Parameters = Record<string, ParameterValue>;

export interface TargetInferRequest {
  /** The request id: the client's, or one the protocol layer generated; echoed in the response. */
  id: string;
  /** Decoded and shape-checked against their own declared shape, not yet against the model. */
  inputs: Tensor[];
  /** Output names to return in this order; absent means every output. */
  outputs?: string[] | undefined;
  /** The request-level `parameters`, passed through untouched. */
  parameters?: Parameters | undefined;
  /** HTTP headers (lower-case names) or gRPC metadata, e.g. `x-slipway-route-key`. */
  headers: Record<string, string | undefined>;
}

export interface TargetInferResult {
  /** The model that answered (for a deployment: the deployment name or the model behind it). */
  modelName: string;
  /**
   * The version that answered; reported in the body and the `x-slipway-model-version` header.
   * An empty string means unversioned: model_version is then left out, as the protocol asks.
   */
  modelVersion: string;
  outputs: Tensor[];
  parameters?: Parameters | undefined;
}

/**
 * What `{name}` (and optional `{v}`) of an inference URL resolves to: a deployment or a registered
 * model version. The protocol layer checks `ready` before `infer` (UNAVAILABLE -> 503), and maps
 * any SlipwayError thrown by `infer` to the protocol's error shape.
 */
export interface InferenceTarget {
  name: string;
  version?: string | undefined;
  /** Versions a client may name explicitly (model metadata `versions`); default: `[version]`. */
  versions?: string[] | undefined;
  readonly ready: boolean;
  metadata: ModelMetadata;
  infer(request: TargetInferRequest): Promise<TargetInferResult>;
}

export type RepositoryModelState = 'READY' | 'UNAVAILABLE' | 'LOADING';

export interface RepositoryEntry {
  name: string;
  version?: string | undefined;
  state: RepositoryModelState;
  reason?: string | undefined;
}

/**
 * Resolves protocol names to targets; the seam between the wire layer and deployments. Each call
 * is made for an authenticated caller, whose permission on the deployment (or model) it checks.
 */
export interface InferenceTargetResolver {
  /** NOT_FOUND (404) when nothing answers to the name; PERMISSION_DENIED without READ. */
  resolve(caller: Caller, name: string, version?: string): Promise<InferenceTarget>;
  /** What the caller may read. */
  list(caller: Caller): Promise<RepositoryEntry[]>;
  load(caller: Caller, name: string): Promise<void>;
  unload(caller: Caller, name: string): Promise<void>;
  serverReady(): boolean;
}
