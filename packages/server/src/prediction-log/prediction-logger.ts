import { invalidArgument } from '@slipway/core';
import type { PredictionLogStore, PredictionWrite } from '@slipway/core';
import type { PredictionEvent } from './prediction-event.js';
import type {
  PredictionDropReason,
  PredictionLogStats,
  PredictionLogStatsSource,
} from './prediction-log-stats.js';
import { RingBuffer } from './ring-buffer.js';
import { serializeEvent } from './serialize-event.js';
import { tensorByteSize } from './tensor-byte-size.js';

export interface PredictionLoggerOptions {
  store: Pick<PredictionLogStore, 'append'>;
  /** Most records held at once, queued or being written. Default 10,000. */
  capacity?: number;
  /** Most tensor bytes held at once. Default 64 MiB. */
  maxBufferedBytes?: number;
  /** Records per store write; reaching it triggers a flush. Default 256. */
  batchSize?: number;
  /** A partial batch is written at the latest this long after its first record. Default 1,000. */
  flushIntervalMs?: number;
  /** Retries of a failed batch before it is dropped. Default 3. */
  maxRetries?: number;
  /** Delay before the first retry, doubled for each further one. Default 200. */
  retryDelayMs?: number;
  /** Uniform [0, 1) source for sampling; inject a seeded one in tests. Default Math.random. */
  random?: () => number;
  /** Told about every failed store write (`final` when the batch is dropped). Must not throw. */
  onError?: (error: unknown, context: { records: number; attempt: number; final: boolean }) => void;
}

interface Entry {
  event: PredictionEvent;
  bytes: number;
}

interface FlushWaiter {
  target: number;
  resolve: () => void;
}

/**
 * An asynchronous bounded buffer between the serving path and the prediction log store.
 *
 * `log()` does constant work per tensor and never awaits, throws or serialises: the response must
 * not wait on the log. So when the buffer is full the NEW record is dropped and counted rather than
 * applying back-pressure: back-pressure would make a prediction wait for the database, turning a
 * slow or failing log store into slow or failing predictions, while dropping the newest keeps every
 * record already accepted (their order intact) and bounds memory to `capacity` records and
 * `maxBufferedBytes`, in-flight batches included. A background flusher validates the records and
 * hands each batch, tensors as they are, to the store (which encodes them in binary and writes the
 * batch in one transaction) when `batchSize` records are queued or `flushIntervalMs` after the
 * first queued one; a failing store is retried with exponential backoff `maxRetries`
 * times, then the batch is dropped and counted (`store_error`).
 */
export class PredictionLogger implements PredictionLogStatsSource {
  private readonly store: Pick<PredictionLogStore, 'append'>;
  private readonly ring: RingBuffer<Entry>;
  private readonly maxBufferedBytes: number;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly maxRetries: number;
  private readonly retryDelayMs: number;
  private readonly random: () => number;
  private readonly onError: PredictionLoggerOptions['onError'];

  private bufferedBytes = 0;
  private accepted = 0;
  private settled = 0;
  private sampledOut = 0;
  private readonly dropped: Record<PredictionDropReason, number> = {
    buffer_full: 0,
    store_error: 0,
    invalid: 0,
    closed: 0,
  };
  private flushedRecords = 0;
  private flushedBatches = 0;
  private storeErrors = 0;

  private timer: NodeJS.Timeout | undefined;
  private running = false;
  /** A flush or the timer asked for partial batches to be written too. */
  private drainAll = false;
  private waiters: FlushWaiter[] = [];
  private closed = false;

  constructor(options: PredictionLoggerOptions) {
    this.store = options.store;
    this.ring = new RingBuffer(positiveInteger('capacity', options.capacity ?? 10_000));
    this.maxBufferedBytes = positiveInteger(
      'maxBufferedBytes',
      options.maxBufferedBytes ?? 64 * 1024 * 1024,
    );
    this.batchSize = positiveInteger('batchSize', options.batchSize ?? 256);
    this.flushIntervalMs = nonNegative('flushIntervalMs', options.flushIntervalMs ?? 1_000);
    this.maxRetries = nonNegative('maxRetries', options.maxRetries ?? 3);
    this.retryDelayMs = nonNegative('retryDelayMs', options.retryDelayMs ?? 200);
    this.random = options.random ?? Math.random;
    this.onError = options.onError;
  }

  /**
   * Offers one prediction, kept with probability `sampleRate` (the deployment's
   * `logging.sampleRate`). True when it was accepted into the buffer.
   */
  log(event: PredictionEvent, sampleRate = 1): boolean {
    try {
      if (this.closed) return this.drop('closed');
      if (sampleRate < 1 && !(this.random() < sampleRate)) {
        this.sampledOut += 1;
        return false;
      }
      let bytes = 0;
      for (const tensor of event.inputs) bytes += tensorByteSize(tensor);
      for (const tensor of event.outputs) bytes += tensorByteSize(tensor);
      if (this.bufferedBytes + bytes > this.maxBufferedBytes || !this.ring.push({ event, bytes })) {
        return this.drop('buffer_full');
      }
      this.bufferedBytes += bytes;
      this.accepted += 1;
      if (this.ring.length >= this.batchSize) this.schedule(false);
      else this.armTimer();
      return true;
    } catch {
      return this.drop('invalid');
    }
  }

  /** Resolves once every record accepted before the call is written or dropped. Never rejects. */
  flush(): Promise<void> {
    const target = this.accepted;
    if (this.settled >= target) return Promise.resolve();
    return new Promise((resolve) => {
      this.waiters.push({ target, resolve });
      this.schedule(true);
    });
  }

  /** Stops accepting records (later ones are dropped as `closed`) and drains the buffer. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimer();
    await this.flush();
  }

  stats(): PredictionLogStats {
    return {
      logged: this.accepted,
      sampledOut: this.sampledOut,
      dropped: { ...this.dropped },
      flushedRecords: this.flushedRecords,
      flushedBatches: this.flushedBatches,
      storeErrors: this.storeErrors,
      depth: this.ring.length,
      bufferedBytes: this.bufferedBytes,
      capacity: this.ring.capacity,
    };
  }

  private drop(reason: PredictionDropReason, count = 1): false {
    this.dropped[reason] += count;
    return false;
  }

  private armTimer(): void {
    if (this.timer !== undefined || this.running) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.schedule(true);
    }, this.flushIntervalMs);
    // A pending partial batch must not keep the process alive; close() drains it.
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer === undefined) return;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(all: boolean): void {
    if (all) this.drainAll = true;
    if (this.running) return;
    this.running = true;
    this.clearTimer();
    // setImmediate: the first batch must not be serialised inside the log() call that filled it.
    setImmediate(() => void this.run());
  }

  private async run(): Promise<void> {
    try {
      for (;;) {
        const queued = this.ring.length;
        if (queued === 0) {
          this.drainAll = false;
          break;
        }
        if (queued < this.batchSize && !this.drainAll) break;
        await this.writeBatch(Math.min(queued, this.batchSize));
      }
    } catch (err) {
      // Only a bug gets here (writeBatch handles store failures); report it, never crash the server.
      this.report(err, 0, 0, true);
    } finally {
      this.running = false;
      this.releaseWaiters();
      if (this.ring.length > 0) {
        if (this.drainAll || this.ring.length >= this.batchSize) this.schedule(false);
        else if (!this.closed) this.armTimer();
        else this.schedule(true);
      }
    }
  }

  private async writeBatch(count: number): Promise<void> {
    const entries = this.ring.peek(count);
    const records: PredictionWrite[] = [];
    for (const entry of entries) {
      try {
        records.push(serializeEvent(entry.event));
      } catch {
        this.drop('invalid');
      }
    }
    try {
      if (records.length > 0) await this.appendWithRetry(records);
    } finally {
      let bytes = 0;
      for (const entry of entries) bytes += entry.bytes;
      this.ring.discard(count);
      this.bufferedBytes -= bytes;
      this.settled += count;
      this.releaseWaiters();
    }
  }

  private async appendWithRetry(records: PredictionWrite[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await this.store.append(records);
        this.flushedRecords += records.length;
        this.flushedBatches += 1;
        return;
      } catch (err) {
        this.storeErrors += 1;
        const final = attempt >= this.maxRetries;
        this.report(err, records.length, attempt, final);
        if (final) {
          this.drop('store_error', records.length);
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, this.retryDelayMs * 2 ** attempt));
      }
    }
  }

  private report(error: unknown, records: number, attempt: number, final: boolean): void {
    try {
      this.onError?.(error, { records, attempt, final });
    } catch {
      // A broken error hook must not stop the flusher.
    }
  }

  private releaseWaiters(): void {
    if (this.waiters.length === 0) return;
    const still: FlushWaiter[] = [];
    for (const waiter of this.waiters) {
      if (this.settled >= waiter.target) waiter.resolve();
      else still.push(waiter);
    }
    this.waiters = still;
  }
}

function positiveInteger(name: string, value: number): number {
  if (!Number.isSafeInteger(value) || value < 1) {
    throw invalidArgument(
      `PredictionLogger option ${name} must be a positive integer, got ${value}.`,
    );
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw invalidArgument(
      `PredictionLogger option ${name} must be a number of 0 or more, got ${value}.`,
    );
  }
  return value;
}
