import { ERROR_CODES, SlipwayError } from '@slipway/core';
import type { ErrorCode, Tensor, TensorSpec } from '@slipway/core';

/** ONNX Runtime session settings a pool passes to each of its workers. */
export interface OnnxSessionSettings {
  intraOpNumThreads: number;
  interOpNumThreads: number;
  graphOptimizationLevel: 'disabled' | 'basic' | 'extended' | 'all';
}

/** A tensor signature as carried in worker messages. */
export interface WorkerSignature {
  inputs: TensorSpec[];
  outputs: TensorSpec[];
}

/** What a worker loads, handed over as `workerData`. */
export type RuntimeWorkerData =
  | {
      kind: 'onnx';
      modelPath: string;
      session: OnnxSessionSettings;
      /** The manifest's signature, checked against the model's own before serving. */
      declared?: WorkerSignature | undefined;
      /** One zero-filled batch-of-one run before reporting ready. */
      warmUp: boolean;
    }
  | {
      kind: 'js';
      /** file: URL of the predictor module. */
      moduleUrl: string;
      modelDir: string;
      declared: WorkerSignature;
      warmUp: boolean;
    };

export interface SerializedError {
  code: ErrorCode;
  message: string;
}

export interface InferRequestMessage {
  type: 'infer';
  id: number;
  inputs: Tensor[];
  outputs: string[];
}

export type WorkerMessage =
  | { type: 'ready'; signature?: WorkerSignature | undefined }
  | { type: 'load-failed'; error: SerializedError }
  | { type: 'result'; id: number; outputs: Tensor[] }
  | { type: 'error'; id: number; error: SerializedError };

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/**
 * Keeps a SlipwayError's code (a predictor may throw INVALID_ARGUMENT on purpose, also as a
 * duck-typed `{ name: 'SlipwayError', code }` from its own copy of core); anything else is INTERNAL.
 */
export function serializeError(err: unknown, context: string): SerializedError {
  const message = err instanceof Error ? err.message : String(err);
  const candidate = err as { name?: unknown; code?: unknown } | null;
  const isSlipway =
    err instanceof SlipwayError ||
    (candidate !== null &&
      typeof candidate === 'object' &&
      candidate.name === 'SlipwayError' &&
      typeof candidate.code === 'string' &&
      KNOWN_CODES.has(candidate.code));
  if (isSlipway) return { code: candidate?.code as ErrorCode, message };
  return { code: 'INTERNAL', message: `${context}: ${message}` };
}

export function deserializeError(error: SerializedError): SlipwayError {
  return new SlipwayError({ code: error.code, message: error.message });
}

function ownsBuffer(view: ArrayBufferView): boolean {
  return (
    view.buffer instanceof ArrayBuffer &&
    view.byteOffset === 0 &&
    view.byteLength === view.buffer.byteLength
  );
}

/**
 * The buffers of `tensors` that can be moved to another thread without copying: only views that
 * cover their whole ArrayBuffer, so a slice of a shared pool (a Node Buffer) is never detached.
 * Other views are copied by the structured clone, which is still binary, never JSON.
 */
export function transferList(tensors: readonly Tensor[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const tensor of tensors) {
    const views: ArrayBufferView[] = Array.isArray(tensor.data) ? tensor.data : [tensor.data];
    for (const view of views) {
      if (ownsBuffer(view)) buffers.add(view.buffer as ArrayBuffer);
    }
  }
  return [...buffers];
}

/** A copy whose buffers the copy alone owns, so transferring it leaves the caller's data intact. */
export function ownedCopy(tensor: Tensor): Tensor {
  const data = Array.isArray(tensor.data)
    ? tensor.data.map((bytes) => bytes.slice())
    : tensor.data.slice();
  return { name: tensor.name, datatype: tensor.datatype, shape: [...tensor.shape], data };
}
