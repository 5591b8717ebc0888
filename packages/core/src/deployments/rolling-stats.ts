import { invalidArgument } from '../errors.js';
import { LATENCY_BIN_COUNT, binnedQuantileMs, latencyBin } from './latency-bins.js';

export interface RollingStatsOptions {
  /** The longest span that can be read, in ms (e.g. a canary interval). */
  windowMs: number;
  /** Bucket length; by default 1 s, or windowMs / 60 for windows over a minute (bounds memory). */
  bucketMs?: number;
}

export interface WindowSnapshot {
  requests: number;
  errors: number;
  /** errors / requests; NaN without requests. */
  errorRate: number;
  /** Latency quantiles (nearest rank), within half a bin (<= 3.2%) of the exact value; NaN when empty. */
  p50LatencyMs: number;
  p95LatencyMs: number;
  p99LatencyMs: number;
  /** Span actually covered: whole buckets, from spanMs up to one bucket more. */
  coveredMs: number;
}

const MAX_DEFAULT_BUCKETS = 60;

/**
 * Requests, errors and a latency histogram over a sliding time window, in fixed memory: a ring of
 * buckets, each with a log-linear histogram (see latency-bins). Recording is O(1) and allocates
 * nothing (a bucket is cleared when the ring comes back to it); reading merges the buckets in the
 * span. Time is passed in, never read from a clock. One instance per deployment variant.
 */
export class RollingStats {
  readonly windowMs: number;
  readonly bucketMs: number;
  private readonly slots: number;
  /** Absolute bucket number (floor(t / bucketMs)) each slot holds; NaN when empty. */
  private readonly bucketOf: Float64Array;
  private readonly requests: Uint32Array;
  private readonly errors: Uint32Array;
  private readonly histogram: Uint32Array;
  private readonly merged: Float64Array;

  constructor(options: RollingStatsOptions) {
    const { windowMs } = options;
    if (!Number.isInteger(windowMs) || windowMs <= 0) {
      throw invalidArgument(`windowMs must be a positive whole number, got ${windowMs}.`);
    }
    const bucketMs = options.bucketMs ?? Math.max(1000, Math.ceil(windowMs / MAX_DEFAULT_BUCKETS));
    if (!Number.isInteger(bucketMs) || bucketMs <= 0) {
      throw invalidArgument(`bucketMs must be a positive whole number, got ${bucketMs}.`);
    }
    this.windowMs = windowMs;
    this.bucketMs = bucketMs;
    // One more than the window needs: the current bucket is still filling.
    this.slots = Math.ceil(windowMs / bucketMs) + 1;
    this.bucketOf = new Float64Array(this.slots).fill(Number.NaN);
    this.requests = new Uint32Array(this.slots);
    this.errors = new Uint32Array(this.slots);
    this.histogram = new Uint32Array(this.slots * LATENCY_BIN_COUNT);
    this.merged = new Float64Array(LATENCY_BIN_COUNT);
  }

  /** Counts one request at time `now` (ms). Samples older than the ring holds are dropped. */
  record(now: number, latencyMs: number, ok = true): void {
    const bucket = Math.floor(now / this.bucketMs);
    const slot = this.slotOf(bucket);
    const held = this.bucketOf[slot] as number;
    if (held !== bucket) {
      if (held > bucket) return;
      this.bucketOf[slot] = bucket;
      this.requests[slot] = 0;
      this.errors[slot] = 0;
      this.histogram.fill(0, slot * LATENCY_BIN_COUNT, (slot + 1) * LATENCY_BIN_COUNT);
    }
    this.requests[slot] = (this.requests[slot] as number) + 1;
    if (!ok) this.errors[slot] = (this.errors[slot] as number) + 1;
    const index = slot * LATENCY_BIN_COUNT + latencyBin(latencyMs);
    this.histogram[index] = (this.histogram[index] as number) + 1;
  }

  /** Statistics over at least the last `spanMs` (at most windowMs) ending at `now`. */
  snapshot(now: number, spanMs: number = this.windowMs): WindowSnapshot {
    const current = Math.floor(now / this.bucketMs);
    const span = Math.min(Math.max(spanMs, 0), this.windowMs);
    const back = Math.min(Math.ceil(span / this.bucketMs), this.slots - 1);
    const merged = this.merged;
    merged.fill(0);
    let requests = 0;
    let errors = 0;
    for (let slot = 0; slot < this.slots; slot += 1) {
      const bucket = this.bucketOf[slot] as number;
      if (!(bucket <= current && bucket >= current - back)) continue;
      requests += this.requests[slot] as number;
      errors += this.errors[slot] as number;
      const base = slot * LATENCY_BIN_COUNT;
      for (let bin = 0; bin < LATENCY_BIN_COUNT; bin += 1) {
        merged[bin] = (merged[bin] as number) + (this.histogram[base + bin] as number);
      }
    }
    return {
      requests,
      errors,
      errorRate: requests === 0 ? Number.NaN : errors / requests,
      p50LatencyMs: binnedQuantileMs(merged, requests, 0.5),
      p95LatencyMs: binnedQuantileMs(merged, requests, 0.95),
      p99LatencyMs: binnedQuantileMs(merged, requests, 0.99),
      coveredMs: now - current * this.bucketMs + back * this.bucketMs,
    };
  }

  /** Forgets everything, e.g. when a canary moves to its next step. */
  reset(): void {
    this.bucketOf.fill(Number.NaN);
    this.requests.fill(0);
    this.errors.fill(0);
    this.histogram.fill(0);
  }

  private slotOf(bucket: number): number {
    const slot = bucket % this.slots;
    return slot < 0 ? slot + this.slots : slot;
  }
}
