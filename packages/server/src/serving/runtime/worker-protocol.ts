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

/** One inference request inside an `infer` message. */
export interface InferJob {
  id: number;
  inputs: Tensor[];
  outputs: string[];
}

/**
 * Requests travel in envelopes: the pool sends every request dispatched to a worker in one event
 * loop turn as one message, and the worker answers with the results it has when its queue runs dry
 * (or every RESULT_FLUSH_MS). A postMessage wakes the other thread, and under load that wake-up,
 * not the copy, was the main thread's largest cost (16% of it at 64 clients, one per request).
 */
export interface InferRequestMessage {
  type: 'infer';
  jobs: InferJob[];
}

export type JobResult =
  | { id: number; outputs: Tensor[]; error?: undefined }
  | { id: number; error: SerializedError; outputs?: undefined };

export type WorkerMessage =
  | {
      type: 'ready';
      signature?: WorkerSignature | undefined;
      /** The fastest of the warm-up runs (a batch of one), when there was a warm-up. */
      warmUpMs?: number | undefined;
    }
  | { type: 'load-failed'; error: SerializedError }
  | { type: 'results'; results: JobResult[] };

/** How long a worker may hold finished results while it works through a queue. */
export const RESULT_FLUSH_MS = 0.5;

/**
 * Below this size a buffer is cheaper to clone with its message than to transfer: a transfer
 * detaches and re-wraps the buffer, which costs more than copying a few KiB (measured round trips:
 * 30 floats 15.6 us transferred vs 10.8 us cloned; 8 KiB about even; 32 KiB 26 vs 65 us).
 */
export const TRANSFER_MIN_BYTES = 16 * 1024;

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

function viewsOf(tensor: Tensor): readonly ArrayBufferView[] {
  return Array.isArray(tensor.data) ? tensor.data : [tensor.data];
}

/**
 * The buffers of `tensors` worth moving to another thread instead of cloning: views of at least
 * `minBytes` that cover their whole ArrayBuffer, so a slice of a shared pool (a Node Buffer) is
 * never detached. Everything else is copied by the structured clone, still binary, never JSON.
 */
export function transferList(
  tensors: readonly Tensor[],
  minBytes = TRANSFER_MIN_BYTES,
): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const tensor of tensors) {
    for (const view of viewsOf(tensor)) {
      if (view.byteLength >= minBytes && ownsBuffer(view)) buffers.add(view.buffer as ArrayBuffer);
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

/**
 * The caller's tensor made safe to post with `transferList`: large buffers are copied (the copy
 * is then transferred, the caller keeps its data for logging); small ones go as they are, since
 * the structured clone copies them anyway.
 */
export function postableTensor(tensor: Tensor): Tensor {
  for (const view of viewsOf(tensor)) {
    if (view.byteLength >= TRANSFER_MIN_BYTES) return ownedCopy(tensor);
  }
  return tensor;
}
