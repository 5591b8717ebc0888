import type { ColumnSpec, Tensor, TensorSpec } from '@slipway/core';

export type RuntimePlatform = 'onnxruntime' | 'js';

/** What the Open Inference Protocol's model metadata endpoint reports, plus the tabular schema. */
export interface ModelMetadata {
  name: string;
  version?: string | undefined;
  platform: RuntimePlatform;
  inputs: TensorSpec[];
  outputs: TensorSpec[];
  /** Present for tabular models: the columns that fill input `inputName` in order. */
  tabular?: { inputName: string; columns: ColumnSpec[] } | undefined;
}

export interface InferOptions {
  /** Output tensor names to return, in this order; absent or empty means every output. */
  outputs?: readonly string[] | undefined;
}

/**
 * A loaded model, ready to serve. Implementations enforce the signature (INVALID_ARGUMENT naming
 * the tensor), never run inference on the calling thread, and keep `close()` graceful: requests
 * already accepted finish, later ones fail with UNAVAILABLE.
 *
 * `infer` never modifies or detaches the caller's tensors, so the caller may log them afterwards.
 */
export interface ModelRuntime {
  readonly metadata: ModelMetadata;
  /** False once closed, or while no worker is able to serve. */
  readonly ready: boolean;
  /** How many inferences run at once (the worker count), for schedulers such as DynamicBatcher. */
  readonly concurrency?: number | undefined;
  /** Inputs in any order (extra tensors ignored); outputs as requested, in the requested order. */
  infer(inputs: readonly Tensor[], options?: InferOptions): Promise<Tensor[]>;
  close(): Promise<void>;
}
