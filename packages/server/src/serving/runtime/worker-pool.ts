import type { Worker } from 'node:worker_threads';
import { SlipwayError } from '@slipway/core';
import type { Tensor } from '@slipway/core';
import { spawnModuleWorker } from '../../support/spawn-module-worker.js';
import { deserializeError, postableTensor, transferList } from './worker-protocol.js';
import type {
  InferJob,
  InferRequestMessage,
  RuntimeWorkerData,
  WorkerMessage,
  WorkerSignature,
} from './worker-protocol.js';

export interface WorkerPoolOptions {
  /** Workers to run; with `singleWorkerBelowMs`, the most. */
  size: number;
  /**
   * Size the pool to the model: start one worker, and keep it alone when its warm-up inference
   * (a batch of one) took less than this. A model that fast is served faster by one worker: a
   * second only adds thread wake-ups competing with the HTTP thread for the cores, and batches
   * grow larger behind one worker. Unset: always `size` workers (an explicit pool size).
   */
  singleWorkerBelowMs?: number | undefined;
  data: RuntimeWorkerData;
  /** How errors name the model, e.g. "model 'fraud' version 7". */
  label: string;
}

export interface WorkerPoolStats {
  size: number;
  readyWorkers: number;
  inFlight: number;
  /** Requests waiting for a worker to come up (only while one is starting). */
  waiting: number;
  /** Workers replaced after they stopped unexpectedly. */
  restarts: number;
}

interface Job {
  inputs: Tensor[];
  outputs: string[];
  resolve: (outputs: Tensor[]) => void;
  reject: (err: unknown) => void;
}

interface PoolWorker {
  worker: Worker;
  state: 'starting' | 'ready' | 'failed';
  /** Sent or waiting in `outbox`; failed together if the worker stops. */
  inFlight: Map<number, Job>;
  /** Jobs dispatched this event loop turn, posted as one message from setImmediate. */
  outbox: InferJob[];
  lastError?: Error;
}

interface StartedWorker {
  signature: WorkerSignature | undefined;
  warmUpMs: number | undefined;
}

const MAX_RESPAWN_DELAY_MS = 30_000;

/**
 * A fixed number of worker threads that each load the same model once. A request goes to the
 * ready worker with the fewest requests in flight. A worker that stops (crash, process.exit in a
 * predictor) fails its in-flight requests with UNAVAILABLE and is replaced; a replacement that
 * cannot load is retried with exponential backoff.
 */
export class WorkerPool {
  private readonly workers = new Set<PoolWorker>();
  private readonly waiting: Job[] = [];
  private readonly pending = new Set<Promise<unknown>>();
  private nextId = 1;
  private closed = false;
  private restarts = 0;
  private respawnDelayMs = 0;
  private respawnTimer: NodeJS.Timeout | undefined;
  private flushScheduled = false;
  private size: number;
  private firstWarmUpMs: number | undefined;
  /** The signature the model file reports (ONNX); undefined for js predictors. */
  private backendSignature: WorkerSignature | undefined;

  private constructor(private readonly options: WorkerPoolOptions) {
    this.size = options.size;
  }

  /** Starts every worker and resolves once all have loaded and warmed up; rejects if any fails. */
  static async start(options: WorkerPoolOptions): Promise<WorkerPool> {
    if (!Number.isInteger(options.size) || options.size < 1) {
      throw new SlipwayError({
        code: 'INVALID_ARGUMENT',
        message: `The worker pool size must be a positive integer, not ${options.size}.`,
      });
    }
    const pool = new WorkerPool(options);
    try {
      const threshold = options.singleWorkerBelowMs;
      if (threshold === undefined || options.size === 1) {
        const started = await Promise.all(
          Array.from({ length: options.size }, () => pool.startWorker()),
        );
        pool.backendSignature = started[0]?.signature;
        pool.firstWarmUpMs = started[0]?.warmUpMs;
      } else {
        const first = await pool.startWorker();
        pool.backendSignature = first.signature;
        pool.firstWarmUpMs = first.warmUpMs;
        if (first.warmUpMs !== undefined && first.warmUpMs < threshold) pool.size = 1;
        else {
          await Promise.all(Array.from({ length: options.size - 1 }, () => pool.startWorker()));
        }
      }
    } catch (err) {
      await pool.close();
      throw err;
    }
    return pool;
  }

  get signature(): WorkerSignature | undefined {
    return this.backendSignature;
  }

  /** The first worker's fastest warm-up inference (a batch of one), if it warmed up. */
  get warmUpMs(): number | undefined {
    return this.firstWarmUpMs;
  }

  get ready(): boolean {
    return !this.closed && [...this.workers].some((entry) => entry.state === 'ready');
  }

  stats(): WorkerPoolStats {
    let readyWorkers = 0;
    let inFlight = 0;
    for (const entry of this.workers) {
      if (entry.state === 'ready') readyWorkers += 1;
      inFlight += entry.inFlight.size;
    }
    return {
      size: this.size,
      readyWorkers,
      inFlight,
      waiting: this.waiting.length,
      restarts: this.restarts,
    };
  }

  /** Runs one request on a worker. The caller's tensors are left intact, never detached. */
  run(inputs: readonly Tensor[], outputs: readonly string[]): Promise<Tensor[]> {
    if (this.closed) return Promise.reject(this.unavailable('is shutting down'));
    const promise = new Promise<Tensor[]>((resolve, reject) => {
      this.dispatch({ inputs: inputs.map(postableTensor), outputs: [...outputs], resolve, reject });
    });
    this.pending.add(promise);
    const forget = (): void => {
      this.pending.delete(promise);
    };
    promise.then(forget, forget);
    return promise;
  }

  /** Stops taking requests, lets accepted ones finish, then terminates the workers. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.respawnTimer);
    for (const job of this.waiting.splice(0)) job.reject(this.unavailable('is shutting down'));
    await Promise.allSettled([...this.pending]);
    await Promise.all([...this.workers].map((entry) => entry.worker.terminate()));
    this.workers.clear();
  }

  private unavailable(why: string): SlipwayError {
    return new SlipwayError({ code: 'UNAVAILABLE', message: `The ${this.options.label} ${why}.` });
  }

  private dispatch(job: Job): void {
    let best: PoolWorker | undefined;
    let starting = false;
    for (const entry of this.workers) {
      if (entry.state === 'starting') starting = true;
      if (entry.state === 'ready' && (!best || entry.inFlight.size < best.inFlight.size)) {
        best = entry;
      }
    }
    if (best) {
      const id = this.nextId;
      this.nextId += 1;
      best.inFlight.set(id, job);
      best.outbox.push({ id, inputs: job.inputs, outputs: job.outputs });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        // The check phase follows the poll phase that read this turn's requests, so waiting for
        // it gathers them into one message per worker without adding a timer's delay.
        setImmediate(() => this.flushOutboxes());
      }
    } else if (starting) {
      this.waiting.push(job);
    } else {
      job.reject(this.unavailable('has no worker able to serve; its workers failed to start'));
    }
  }

  private flushOutboxes(): void {
    this.flushScheduled = false;
    for (const entry of this.workers) {
      if (entry.outbox.length === 0) continue;
      const jobs = entry.outbox;
      entry.outbox = [];
      const transfer: ArrayBuffer[] = [];
      for (const job of jobs) transfer.push(...transferList(job.inputs));
      const message: InferRequestMessage = { type: 'infer', jobs };
      entry.worker.postMessage(message, transfer);
    }
  }

  private startWorker(): Promise<StartedWorker> {
    return new Promise((resolve, reject) => {
      const entry: PoolWorker = {
        // worker-entry.ts sits next to this file.
        worker: spawnModuleWorker(import.meta.url, 'worker-entry', this.options.data),
        state: 'starting',
        inFlight: new Map(),
        outbox: [],
      };
      this.workers.add(entry);
      entry.worker.on('message', (message: WorkerMessage) => {
        if (message.type === 'ready') {
          entry.state = 'ready';
          resolve({ signature: message.signature, warmUpMs: message.warmUpMs });
          for (const job of this.waiting.splice(0)) this.dispatch(job);
        } else if (message.type === 'load-failed') {
          entry.state = 'failed';
          reject(deserializeError(message.error));
          void entry.worker.terminate();
        } else {
          for (const result of message.results) {
            const job = entry.inFlight.get(result.id);
            entry.inFlight.delete(result.id);
            if (result.error === undefined) job?.resolve(result.outputs);
            else job?.reject(deserializeError(result.error));
          }
        }
      });
      entry.worker.on('error', (err) => {
        entry.lastError = err;
      });
      entry.worker.on('exit', (code) => {
        const wasStarting = entry.state === 'starting';
        const wasReady = entry.state === 'ready';
        this.workers.delete(entry);
        const detail = `exit code ${code}${entry.lastError ? `: ${entry.lastError.message}` : ''}`;
        if (wasStarting) {
          reject(
            new SlipwayError({
              code: 'FAILED_PRECONDITION',
              message: `The worker loading the ${this.options.label} stopped (${detail}).`,
              cause: entry.lastError,
            }),
          );
        }
        for (const job of entry.inFlight.values()) {
          job.reject(
            new SlipwayError({
              code: 'UNAVAILABLE',
              message: `The worker serving the ${this.options.label} stopped (${detail}) before finishing this request; it is being replaced, so retry the request.`,
            }),
          );
        }
        entry.inFlight.clear();
        entry.outbox = [];
        if (this.closed) return;
        if (wasReady) {
          this.restarts += 1;
          this.respawn();
        }
        this.failWaitingIfHopeless();
      });
    });
  }

  private respawn(): void {
    this.startWorker().then(
      () => {
        this.respawnDelayMs = 0;
      },
      () => {
        if (this.closed) return;
        this.respawnDelayMs = Math.min(
          MAX_RESPAWN_DELAY_MS,
          Math.max(100, this.respawnDelayMs * 2),
        );
        this.respawnTimer = setTimeout(() => this.respawn(), this.respawnDelayMs);
        this.respawnTimer.unref();
        this.failWaitingIfHopeless();
      },
    );
  }

  private failWaitingIfHopeless(): void {
    if ([...this.workers].some((entry) => entry.state !== 'failed')) return;
    for (const job of this.waiting.splice(0)) {
      job.reject(this.unavailable('has no worker able to serve; its workers failed to start'));
    }
  }
}
