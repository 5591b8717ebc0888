import { SlipwayError, isBatchable, isSlipwayError } from '@slipway/core';
import type { Tensor } from '@slipway/core';
import { concatRequests, sliceRows } from './batch-tensors.js';
import { enforceInputs, resolveRequestedOutputs } from './enforce-signature.js';
import type { InferOptions, ModelMetadata, ModelRuntime } from './model-runtime.js';

export interface DynamicBatcherOptions {
  /** Most rows in one batch; a request with more rows runs alone. */
  maxBatchSize: number;
  /** Longest a request waits for company before its batch runs anyway. */
  maxDelayMs: number;
  /**
   * Batches running at once; default: the inner runtime's `concurrency` (its pool size), or 1.
   * Keeping it at the number of workers lets requests pile up into bigger batches under load
   * instead of queueing inside the workers.
   */
  maxInFlightBatches?: number | undefined;
  /** Called once per batch run, for batch-size metrics. */
  onBatch?: ((batch: { requests: number; rows: number }) => void) | undefined;
}

export interface DynamicBatcherStats {
  batchesRun: number;
  rowsRun: number;
  requestsRun: number;
  /** Requests waiting to join or start a batch. */
  queueDepth: number;
  queuedRows: number;
  inFlightBatches: number;
  /** Batches that failed and were retried request by request. */
  batchesRetriedAlone: number;
}

interface Pending {
  inputs: Tensor[];
  outputs: string[];
  rows: number;
  resolve: (outputs: Tensor[]) => void;
  reject: (err: unknown) => void;
}

interface Group {
  key: string;
  requests: Pending[];
  rows: number;
  due: boolean;
  timer?: NodeJS.Timeout;
}

function positiveInteger(value: number, what: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: `${what} must be a positive integer, not ${value}.`,
    });
  }
  return value;
}

/**
 * Coalesces concurrent requests into one inference. Requests with the same input datatypes and
 * non-batch dimensions share a batch, stacked along dimension 0, up to `maxBatchSize` rows or
 * until the first of them has waited `maxDelayMs`; the outputs are split back by rows, so every
 * caller gets exactly the bytes it would get alone. Only models whose inputs and outputs all have a
 * dynamic dimension 0 are batched; others, and requests too big for a batch, pass straight through.
 *
 * Errors stay per request: each request's signature is checked before it joins a batch, and a
 * batch that fails for another reason than UNAVAILABLE is retried request by request, so one bad
 * request fails alone. (A worker crash, UNAVAILABLE, fails the whole batch: rerunning a request
 * that may have caused it would crash the next worker too.)
 */
export class DynamicBatcher implements ModelRuntime {
  private readonly open = new Map<string, Group>();
  private readonly dueQueue: Group[] = [];
  private readonly batchable: boolean;
  private readonly maxInFlight: number;
  private readonly idleWaiters: (() => void)[] = [];
  private closing: Promise<void> | undefined;
  private counters = { batchesRun: 0, rowsRun: 0, requestsRun: 0, batchesRetriedAlone: 0 };
  private inFlight = 0;

  constructor(
    private readonly inner: ModelRuntime,
    private readonly options: DynamicBatcherOptions,
  ) {
    positiveInteger(options.maxBatchSize, 'maxBatchSize');
    if (!(options.maxDelayMs >= 0)) {
      throw new SlipwayError({ code: 'INVALID_ARGUMENT', message: 'maxDelayMs must be >= 0.' });
    }
    this.maxInFlight = positiveInteger(
      options.maxInFlightBatches ?? inner.concurrency ?? 1,
      'maxInFlightBatches',
    );
    this.batchable = isBatchable(inner.metadata);
  }

  get metadata(): ModelMetadata {
    return this.inner.metadata;
  }

  get ready(): boolean {
    return this.closing === undefined && this.inner.ready;
  }

  get concurrency(): number | undefined {
    return this.inner.concurrency;
  }

  stats(): DynamicBatcherStats {
    let queueDepth = 0;
    let queuedRows = 0;
    const waiting = new Set([...this.open.values(), ...this.dueQueue]);
    for (const group of waiting) {
      queueDepth += group.requests.length;
      queuedRows += group.rows;
    }
    return { ...this.counters, queueDepth, queuedRows, inFlightBatches: this.inFlight };
  }

  async infer(inputs: readonly Tensor[], options?: InferOptions): Promise<Tensor[]> {
    if (this.closing) {
      throw new SlipwayError({
        code: 'UNAVAILABLE',
        message: `Model '${this.metadata.name}' is unloading.`,
      });
    }
    if (!this.batchable) return this.inner.infer(inputs, options);
    const feeds = enforceInputs(inputs, this.metadata.inputs);
    const outputs = resolveRequestedOutputs(options?.outputs, this.metadata.outputs);
    const rows = feeds[0]?.shape[0] ?? 0;
    const sameRows = feeds.every((tensor) => tensor.shape[0] === rows);
    if (!sameRows || rows === 0 || rows > this.options.maxBatchSize) {
      return this.inner.infer(feeds, { outputs });
    }
    return new Promise<Tensor[]>((resolve, reject) => {
      this.enqueue(batchKey(feeds), { inputs: feeds, outputs, rows, resolve, reject });
    });
  }

  /** Runs everything queued, waits for running batches, then closes the inner runtime. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      for (const group of this.open.values()) this.markDue(group);
      await new Promise<void>((resolve) => {
        this.idleWaiters.push(resolve);
        this.notifyIfIdle();
      });
      await this.inner.close();
    })();
    return this.closing;
  }

  private enqueue(key: string, request: Pending): void {
    let group = this.open.get(key);
    if (group && group.rows + request.rows > this.options.maxBatchSize) {
      this.open.delete(key);
      this.markDue(group);
      group = undefined;
    }
    if (!group) {
      const created: Group = { key, requests: [], rows: 0, due: false };
      created.timer = setTimeout(() => this.markDue(created), this.options.maxDelayMs);
      this.open.set(key, created);
      group = created;
    }
    group.requests.push(request);
    group.rows += request.rows;
    if (group.rows >= this.options.maxBatchSize) {
      this.open.delete(key);
      this.markDue(group);
    }
  }

  /** A due group still accepts requests (while it fits) until a batch slot frees up. */
  private markDue(group: Group): void {
    if (!group.due) {
      group.due = true;
      clearTimeout(group.timer);
      this.dueQueue.push(group);
    }
    this.pump();
  }

  private pump(): void {
    while (this.inFlight < this.maxInFlight) {
      const group = this.dueQueue.shift();
      if (group === undefined) break;
      if (this.open.get(group.key) === group) this.open.delete(group.key);
      this.inFlight += 1;
      void this.runGroup(group).finally(() => {
        this.inFlight -= 1;
        this.pump();
        this.notifyIfIdle();
      });
    }
  }

  private notifyIfIdle(): void {
    if (this.inFlight === 0 && this.dueQueue.length === 0 && this.open.size === 0) {
      for (const resolve of this.idleWaiters.splice(0)) resolve();
    }
  }

  private async runGroup(group: Group): Promise<void> {
    const { requests } = group;
    this.counters.batchesRun += 1;
    this.counters.rowsRun += group.rows;
    this.counters.requestsRun += requests.length;
    this.options.onBatch?.({ requests: requests.length, rows: group.rows });
    const wanted = new Set(requests.flatMap((request) => request.outputs));
    const outputs = this.metadata.outputs
      .map((spec) => spec.name)
      .filter((name) => wanted.has(name));
    let split: Tensor[][];
    try {
      const batch =
        requests.length === 1
          ? (requests[0] as Pending).inputs
          : concatRequests(requests.map((request) => request.inputs));
      split = this.split(group, await this.inner.infer(batch, { outputs }));
    } catch (err) {
      await this.settleAlone(requests, err);
      return;
    }
    requests.forEach((request, index) => request.resolve(split[index] as Tensor[]));
  }

  /** Each request's outputs, cut from the batch's by rows; INTERNAL if the rows do not add up. */
  private split(group: Group, results: readonly Tensor[]): Tensor[][] {
    const byName = new Map(results.map((tensor) => [tensor.name, tensor]));
    const cannotSplit = (why: string): SlipwayError =>
      new SlipwayError({
        code: 'INTERNAL',
        message: `Model '${this.metadata.name}' ${why} for a batch of ${group.rows} rows, so the batch cannot be split.`,
      });
    for (const tensor of results) {
      if (tensor.shape[0] !== group.rows) {
        throw cannotSplit(`returned ${tensor.shape[0]} rows of output '${tensor.name}'`);
      }
    }
    let offset = 0;
    return group.requests.map((request) => {
      const from = offset;
      offset += request.rows;
      return request.outputs.map((name) => {
        const tensor = byName.get(name);
        if (tensor === undefined) throw cannotSplit(`returned no output '${name}'`);
        return sliceRows(tensor, from, request.rows);
      });
    });
  }

  private async settleAlone(requests: readonly Pending[], err: unknown): Promise<void> {
    const crashed = isSlipwayError(err) && err.code === 'UNAVAILABLE';
    if (requests.length === 1 || crashed) {
      for (const request of requests) request.reject(err);
      return;
    }
    this.counters.batchesRetriedAlone += 1;
    await Promise.all(
      requests.map((request) =>
        this.inner
          .infer(request.inputs, { outputs: request.outputs })
          .then(request.resolve, request.reject),
      ),
    );
  }
}

function batchKey(feeds: readonly Tensor[]): string {
  return feeds.map((tensor) => `${tensor.datatype}:${tensor.shape.slice(1).join('x')}`).join('|');
}
