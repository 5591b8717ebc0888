import { BucketRing } from './bucket-ring.js';
import { LATENCY_BIN_COUNT, binnedQuantileMs, latencyBin } from './latency-bins.js';

/**
 * How a request ended, as the serving metrics count it: `ok`; `error`, a server-side failure
 * (INTERNAL or UNAVAILABLE: the model threw, its worker crashed, it was unloading); or
 * `client-error`, refused for the request's own fault (a 4xx code: inputs that do not fit the
 * signature, say), which says nothing about the model's health.
 */
export type RequestOutcome = 'ok' | 'error' | 'client-error';

/** Live statistics cover the last minute, in one-second buckets (Linkerd's default window too). */
export const TRAFFIC_WINDOW_MS = 60_000;
const BUCKET_MS = 1_000;

const REQUESTS = 0;
const ERRORS = 1;
const CLIENT_ERRORS = 2;
const HISTOGRAM = 3;
const WIDTH = HISTOGRAM + LATENCY_BIN_COUNT;

/** What a window (or several, merged) says about its requests; null where nothing was measured. */
export interface TrafficFigures {
  requests: number;
  errors: number;
  clientErrors: number;
  /** errors / requests. */
  errorRate: number | null;
  /** requests / covered seconds (at least one second, so a fresh window does not overstate). */
  rps: number;
  /** Nearest-rank latency quantiles, within half a histogram bin (<= 3.2%) of the exact value. */
  p50LatencyMs: number | null;
  p95LatencyMs: number | null;
  p99LatencyMs: number | null;
}

/**
 * One variant's requests over the last minute: per one-second bucket the requests, errors,
 * client errors and a log-linear latency histogram (see latency-bins), in one preallocated ring
 * (about 110 kB). Recording is O(1) and allocates nothing; reading merges the buckets into a
 * TrafficTally, which can merge several windows (a deployment's overall figures).
 */
export class TrafficWindow {
  private readonly ring: BucketRing<Uint32Array>;

  /** `startedAt`: when counting began, so a younger window is not read as a quiet minute. */
  constructor(
    readonly startedAt: number,
    readonly windowMs: number = TRAFFIC_WINDOW_MS,
  ) {
    this.ring = new BucketRing(
      Math.ceil(windowMs / BUCKET_MS),
      BUCKET_MS,
      WIDTH,
      (n) => new Uint32Array(n),
    );
  }

  record(now: number, latencyMs: number, outcome: RequestOutcome): void {
    const row = this.ring.rowAt(now);
    if (row < 0) return;
    const rows = this.ring.rows;
    rows[row + REQUESTS] = (rows[row + REQUESTS] as number) + 1;
    if (outcome === 'error') rows[row + ERRORS] = (rows[row + ERRORS] as number) + 1;
    else if (outcome === 'client-error') {
      rows[row + CLIENT_ERRORS] = (rows[row + CLIENT_ERRORS] as number) + 1;
    }
    const bin = row + HISTOGRAM + latencyBin(latencyMs);
    rows[bin] = (rows[bin] as number) + 1;
  }

  /**
   * The span the window's figures cover at `now`: the current (partial) bucket and the full ones
   * before it, but nothing before counting began.
   */
  coveredMs(now: number): number {
    const { slots, bucketMs } = this.ring;
    const intoBucket = now - Math.floor(now / bucketMs) * bucketMs;
    return Math.max(0, Math.min((slots - 1) * bucketMs + intoBucket, now - this.startedAt));
  }

  /** Adds the last minute ending at `now` to `tally`. */
  addTo(tally: TrafficTally, now: number): void {
    const rows = this.ring.rows;
    const histogram = tally.histogram;
    this.ring.forEachRecent(now, this.ring.slots, (row) => {
      // A quiet second has an empty histogram: nothing to add (most seconds, for most deployments).
      if (rows[row + REQUESTS] === 0) return;
      tally.requests += rows[row + REQUESTS] as number;
      tally.errors += rows[row + ERRORS] as number;
      tally.clientErrors += rows[row + CLIENT_ERRORS] as number;
      for (let bin = 0; bin < LATENCY_BIN_COUNT; bin += 1) {
        histogram[bin] = (histogram[bin] as number) + (rows[row + HISTOGRAM + bin] as number);
      }
    });
    tally.coveredMs = Math.max(tally.coveredMs, this.coveredMs(now));
  }
}

const finiteOrNull = (value: number): number | null => (Number.isFinite(value) ? value : null);

/** Windows merged for reading; reusable (clear()) so a reader allocates one per deployment. */
export class TrafficTally {
  requests = 0;
  errors = 0;
  clientErrors = 0;
  /** The longest span among the merged windows. */
  coveredMs = 0;
  readonly histogram = new Float64Array(LATENCY_BIN_COUNT);

  clear(): this {
    this.requests = 0;
    this.errors = 0;
    this.clientErrors = 0;
    this.coveredMs = 0;
    this.histogram.fill(0);
    return this;
  }

  /** Adds another tally (a version's, into the deployment's overall). */
  merge(other: TrafficTally): this {
    this.requests += other.requests;
    this.errors += other.errors;
    this.clientErrors += other.clientErrors;
    this.coveredMs = Math.max(this.coveredMs, other.coveredMs);
    for (let bin = 0; bin < LATENCY_BIN_COUNT; bin += 1) {
      this.histogram[bin] = (this.histogram[bin] as number) + (other.histogram[bin] as number);
    }
    return this;
  }

  figures(): TrafficFigures {
    const { requests } = this;
    const quantile = (q: number) => finiteOrNull(binnedQuantileMs(this.histogram, requests, q));
    return {
      requests,
      errors: this.errors,
      clientErrors: this.clientErrors,
      errorRate: requests === 0 ? null : this.errors / requests,
      rps: (1000 * requests) / Math.max(this.coveredMs, BUCKET_MS),
      p50LatencyMs: quantile(0.5),
      p95LatencyMs: quantile(0.95),
      p99LatencyMs: quantile(0.99),
    };
  }
}
