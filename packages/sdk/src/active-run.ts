import { LIMITS, SlipwayError, validateKey } from '@slipway/core';
import type { Run, RunInfo, RunStatus } from '@slipway/core';
import type { ArtifactsApi } from './artifacts-api.js';
import { MetricBuffer } from './metric-buffer.js';
import type { RunsApi } from './runs-api.js';
import type { UploadBody } from './transport.js';

export interface ActiveRunOptions {
  /** How long logged metrics may wait before they are sent; default 1000 ms. */
  flushIntervalMs?: number;
}

/** When a metric was logged and at which step; both optional. */
export interface MetricOptions {
  step?: number;
  timestamp?: number;
}

/**
 * A run being logged to from training code. Metrics are buffered and sent in the background in
 * batches of up to 1000 (at once when 1000 are waiting, otherwise about every second), so logging
 * in a tight loop costs no round trip. A failed background send is reported by the next call (and by
 * `end()` if nothing reported it yet). Params, tags and artifacts are sent immediately.
 *
 * @example
 * ```ts
 * const run = await client.startRun({ experimentName: 'fraud', runName: 'baseline' });
 * await run.logParams({ lr: 0.01, epochs: 10 });
 * for (let step = 0; step < 10; step++) run.logMetric('loss', 1 / (step + 1), { step });
 * await run.end();
 * ```
 */
export class ActiveRun {
  /** The run as it was when started. */
  readonly run: Run;
  private readonly buffer: MetricBuffer;
  private ended = false;

  constructor(
    run: Run,
    private readonly runs: RunsApi,
    private readonly artifacts: ArtifactsApi,
    options: ActiveRunOptions = {},
  ) {
    this.run = run;
    this.buffer = new MetricBuffer({
      batchSize: LIMITS.logBatch.maxMetrics,
      intervalMs: options.flushIntervalMs ?? 1000,
      send: (metrics) => this.runs.logBatch(this.runId, { metrics }),
    });
  }

  get runId(): string {
    return this.run.info.runId;
  }

  /**
   * Buffers one metric value; returns at once. Throws if an earlier background send failed.
   *
   * @example
   * ```ts
   * run.logMetric('loss', 0.42, { step: 3 });
   * ```
   */
  logMetric(key: string, value: number, options: MetricOptions = {}): void {
    this.checkUsable();
    validateKey('metric', key);
    if (typeof value !== 'number') {
      throw new SlipwayError({
        code: 'INVALID_ARGUMENT',
        message: `Metric '${key}' must be a number; got ${typeof value}.`,
      });
    }
    const step = options.step ?? 0;
    if (!Number.isInteger(step)) {
      throw new SlipwayError({
        code: 'INVALID_ARGUMENT',
        message: `Metric '${key}' has a non-integer step ${step}.`,
      });
    }
    this.buffer.add({ key, value, step, timestamp: options.timestamp ?? Date.now() });
  }

  /**
   * Buffers several metrics at the same step and time.
   *
   * @example
   * ```ts
   * run.logMetrics({ loss: 0.4, acc: 0.88 }, { step: 3 });
   * ```
   */
  logMetrics(metrics: Record<string, number>, options: MetricOptions = {}): void {
    const timestamp = options.timestamp ?? Date.now();
    for (const [key, value] of Object.entries(metrics)) {
      this.logMetric(key, value, { ...options, timestamp });
    }
  }

  /**
   * Logs a param now (params are write-once).
   *
   * @example
   * ```ts
   * await run.logParam('optimizer', 'adam');
   * ```
   */
  async logParam(key: string, value: string | number | boolean): Promise<void> {
    this.checkUsable();
    await this.runs.logParam(this.runId, key, String(value));
  }

  /**
   * Logs several params now, in batches of up to 100 (each batch atomic).
   *
   * @example
   * ```ts
   * await run.logParams({ lr: 0.01, epochs: 10, shuffle: true });
   * ```
   */
  async logParams(params: Record<string, string | number | boolean>): Promise<void> {
    this.checkUsable();
    const all = Object.entries(params).map(([key, value]) => ({ key, value: String(value) }));
    for (let i = 0; i < all.length; i += LIMITS.logBatch.maxParams) {
      await this.runs.logBatch(this.runId, {
        params: all.slice(i, i + LIMITS.logBatch.maxParams),
      });
    }
  }

  /**
   * Sets a tag now.
   *
   * @example
   * ```ts
   * await run.setTag('git_commit', 'a1b2c3');
   * ```
   */
  async setTag(key: string, value: string): Promise<void> {
    this.checkUsable();
    await this.runs.setTag(this.runId, key, value);
  }

  /**
   * Uploads one artifact file now.
   *
   * @example
   * ```ts
   * await run.logArtifact('reports/confusion.json', JSON.stringify(matrix));
   * ```
   */
  async logArtifact(path: string, body: UploadBody): Promise<void> {
    this.checkUsable();
    await this.artifacts.upload(this.runId, path, body);
  }

  /**
   * Sends every buffered metric and waits for it; throws if a send failed.
   *
   * @example
   * ```ts
   * await run.flush();
   * ```
   */
  async flush(): Promise<void> {
    await this.buffer.drain();
    const failure = this.buffer.takeError();
    if (failure) throw failure.error;
  }

  /**
   * Flushes every metric, then sets the final status and end time. The run is ended even when a
   * metric batch failed; that failure is then thrown.
   *
   * @example
   * ```ts
   * await run.end('FAILED');
   * ```
   */
  async end(status: RunStatus = 'FINISHED'): Promise<RunInfo> {
    if (this.ended)
      throw new SlipwayError({
        code: 'FAILED_PRECONDITION',
        message: `Run ${this.runId} has already been ended.`,
      });
    this.ended = true;
    await this.buffer.drain();
    const info = await this.runs.update(this.runId, { status, endTime: Date.now() });
    const failure = this.buffer.takeError();
    if (failure) throw failure.error;
    return info;
  }

  private checkUsable(): void {
    if (this.ended) {
      throw new SlipwayError({
        code: 'FAILED_PRECONDITION',
        message: `Run ${this.runId} has ended; start a new run to log more.`,
      });
    }
    const failure = this.buffer.takeError();
    if (failure) throw failure.error;
  }
}
