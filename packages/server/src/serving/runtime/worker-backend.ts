import type { Tensor, TensorSpec } from '@slipway/core';

/** What a runtime worker runs requests on: an ONNX session or a custom predictor. */
export interface WorkerBackend {
  /** The signature the backend itself reports (ONNX); undefined when it has none (js). */
  readonly signature?: { inputs: TensorSpec[]; outputs: TensorSpec[] } | undefined;
  /** `outputs` holds the names to return, in order; each must be in the result. */
  run(inputs: Tensor[], outputs: string[]): Promise<Tensor[]>;
}
