/**
 * Entry point of a runtime worker thread: loads one model (ONNX session or js predictor), warms
 * it up, then answers `infer` messages one after another. Tensors travel as transferred
 * ArrayBuffers in both directions.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { allocateTensorData } from '@slipway/core';
import type { Tensor, TensorSpec } from '@slipway/core';
import { createJsBackend } from './js-backend.js';
import { createOnnxBackend } from './onnx-backend.js';
import type { WorkerBackend } from './worker-backend.js';
import { checkSignatureCompatible } from './signature-compat.js';
import { serializeError, transferList } from './worker-protocol.js';
import type { InferRequestMessage, RuntimeWorkerData, WorkerMessage } from './worker-protocol.js';

function post(port: NonNullable<typeof parentPort>, message: WorkerMessage): void {
  port.postMessage(message, message.type === 'result' ? transferList(message.outputs) : []);
}

/** A zero-filled batch of one built from the signature: -1 dimensions become 1. */
function warmUpTensors(specs: readonly TensorSpec[]): Tensor[] {
  return specs.map((spec) => {
    const shape = spec.shape.map((dim) => (dim === -1 ? 1 : dim));
    const count = shape.reduce((product, dim) => product * dim, 1);
    return {
      name: spec.name,
      datatype: spec.datatype,
      shape,
      data: allocateTensorData(spec.datatype, count),
    };
  });
}

async function loadBackend(data: RuntimeWorkerData): Promise<WorkerBackend> {
  const backend =
    data.kind === 'onnx'
      ? await createOnnxBackend(data.modelPath, data.session)
      : await createJsBackend(data.moduleUrl, data.modelDir);
  if (data.declared && backend.signature)
    checkSignatureCompatible(data.declared, backend.signature);
  const signature = data.declared ?? backend.signature;
  if (data.warmUp && signature) {
    await backend.run(
      warmUpTensors(signature.inputs),
      signature.outputs.map((spec) => spec.name),
    );
  }
  return backend;
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('worker-entry must run in a worker thread');
  let backend: WorkerBackend;
  try {
    backend = await loadBackend(workerData as RuntimeWorkerData);
  } catch (err) {
    post(port, { type: 'load-failed', error: serializeError(err, 'Model load failed') });
    return;
  }
  // Requests run one at a time: an ONNX run holds the thread anyway, and a predictor gets the
  // same simple model. Parallelism comes from the pool.
  let chain = Promise.resolve();
  port.on('message', (message: InferRequestMessage) => {
    chain = chain.then(async () => {
      try {
        const outputs = await backend.run(message.inputs, message.outputs);
        post(port, { type: 'result', id: message.id, outputs });
      } catch (err) {
        post(port, {
          type: 'error',
          id: message.id,
          error: serializeError(err, 'Inference failed'),
        });
      }
    });
  });
  post(port, { type: 'ready', signature: backend.signature });
}

void main();
