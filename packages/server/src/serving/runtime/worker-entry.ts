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
import { RESULT_FLUSH_MS, serializeError, transferList } from './worker-protocol.js';
import type {
  InferJob,
  InferRequestMessage,
  JobResult,
  RuntimeWorkerData,
  WorkerMessage,
} from './worker-protocol.js';

type Port = NonNullable<typeof parentPort>;

function post(port: Port, message: WorkerMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
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

/**
 * Warm-up: the first run pays for allocation and kernel selection, later ones for JIT; the fastest
 * of up to WARM_UP_RUNS is the steady cost (the pool sizes itself by it). A slow model stops after
 * WARM_UP_BUDGET_MS, so warming up never costs a big model more than about one extra run.
 */
const WARM_UP_RUNS = 20;
const WARM_UP_BUDGET_MS = 50;

interface LoadedBackend {
  backend: WorkerBackend;
  warmUpMs: number | undefined;
}

async function loadBackend(data: RuntimeWorkerData): Promise<LoadedBackend> {
  const backend =
    data.kind === 'onnx'
      ? await createOnnxBackend(data.modelPath, data.session)
      : await createJsBackend(data.moduleUrl, data.modelDir);
  if (data.declared && backend.signature)
    checkSignatureCompatible(data.declared, backend.signature);
  const signature = data.declared ?? backend.signature;
  let warmUpMs: number | undefined;
  if (data.warmUp && signature) {
    const outputs = signature.outputs.map((spec) => spec.name);
    const began = performance.now();
    for (let run = 0; run < WARM_UP_RUNS; run += 1) {
      const started = performance.now();
      await backend.run(warmUpTensors(signature.inputs), outputs);
      warmUpMs = Math.min(warmUpMs ?? Infinity, performance.now() - started);
      if (run >= 1 && performance.now() - began > WARM_UP_BUDGET_MS) break;
    }
  }
  return { backend, warmUpMs };
}

/**
 * Runs jobs one at a time (an ONNX run holds the thread anyway, and a predictor gets the same
 * simple model; parallelism comes from the pool) and sends results back in batches: when the
 * queue runs dry, or once the oldest unsent result has waited RESULT_FLUSH_MS.
 */
class JobQueue {
  private jobs: InferJob[] = [];
  private next = 0;
  private running = false;
  private results: JobResult[] = [];
  private transfer: ArrayBuffer[] = [];
  private oldestResultAt = 0;

  constructor(
    private readonly port: Port,
    private readonly backend: WorkerBackend,
  ) {}

  add(jobs: readonly InferJob[]): void {
    this.jobs.push(...jobs);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.next < this.jobs.length) {
      const job = this.jobs[this.next] as InferJob;
      this.next += 1;
      await this.runJob(job);
      if (this.next >= this.jobs.length) {
        this.jobs = [];
        this.next = 0;
      }
      if (this.jobs.length === 0 || performance.now() - this.oldestResultAt >= RESULT_FLUSH_MS) {
        this.flush();
      }
    }
    this.running = false;
  }

  private async runJob(job: InferJob): Promise<void> {
    if (this.results.length === 0) this.oldestResultAt = performance.now();
    try {
      const outputs = await this.backend.run(job.inputs, job.outputs);
      this.results.push({ id: job.id, outputs });
      this.transfer.push(...transferList(outputs));
    } catch (err) {
      this.results.push({ id: job.id, error: serializeError(err, 'Inference failed') });
    }
  }

  private flush(): void {
    if (this.results.length === 0) return;
    const { results } = this;
    // A Set: a predictor may hand back the same array for several requests.
    const transfer = [...new Set(this.transfer)];
    this.results = [];
    this.transfer = [];
    try {
      post(this.port, { type: 'results', results }, transfer);
    } catch {
      // Something in the batch cannot be cloned (a predictor returned a function, say): send the
      // results one by one so only the offending request fails.
      for (const result of results) this.postAlone(result);
    }
  }

  private postAlone(result: JobResult): void {
    try {
      const transfer = result.outputs === undefined ? [] : transferList(result.outputs);
      post(this.port, { type: 'results', results: [result] }, transfer);
    } catch (err) {
      const error = serializeError(err, 'Inference result cannot be sent');
      post(this.port, { type: 'results', results: [{ id: result.id, error }] });
    }
  }
}

async function main(): Promise<void> {
  const port = parentPort;
  if (port === null) throw new Error('worker-entry must run in a worker thread');
  let loaded: LoadedBackend;
  try {
    loaded = await loadBackend(workerData as RuntimeWorkerData);
  } catch (err) {
    post(port, { type: 'load-failed', error: serializeError(err, 'Model load failed') });
    return;
  }
  const { backend, warmUpMs } = loaded;
  const queue = new JobQueue(port, backend);
  port.on('message', (message: InferRequestMessage) => queue.add(message.jobs));
  post(port, { type: 'ready', signature: backend.signature, warmUpMs });
}

void main();
