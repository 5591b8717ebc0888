import { mulberry32 } from '../deployments/seeded-random.js';
import { ksTwoSample } from '../drift/stats/ks-two-sample.js';
import { invalidArgument } from '../errors.js';
import type { ChangeDetector } from './change-detector.js';
import { finiteInput, numberParam } from './detector-params.js';

export interface KswinOptions {
  /** KS-test p-value at or below which (with a statistic above 0.1) a change is signalled. */
  alpha?: number;
  /** Length of the sliding window. */
  windowSize?: number;
  /** Length of the most recent part compared against a sample of the older part. */
  statSize?: number;
  /** Seeds the sampling of the older part, so a stream always gives the same detections. */
  seed?: number;
  /** Values already collected, oldest first, to start with a full window. */
  window?: readonly number[];
}

/**
 * KSWIN (Raab et al., 2020) as river's drift.KSWIN: once the sliding window of `windowSize` values
 * is full, compare its last `statSize` values with `statSize` values drawn without replacement from
 * the rest, by a two-sample KS test. Sampling is seeded (seed 0 by default, where river's default
 * is unseeded) and, as in river, re-seeded when the detector starts afresh after a change.
 */
export class KswinDetector implements ChangeDetector {
  readonly name = 'kswin';
  readonly alpha: number;
  readonly windowSize: number;
  readonly statSize: number;
  readonly seed: number;
  private latestPValue = 0;
  /** Ring buffer: the window's oldest value sits at `start`. */
  private readonly ring: Float64Array;
  private start = 0;
  private count = 0;
  private readonly pool: Int32Array;
  private readonly older: Float64Array;
  private readonly recent: Float64Array;
  private random: () => number;
  private drift = false;

  constructor(options: KswinOptions = {}) {
    this.alpha = numberParam('KSWIN', 'alpha', options.alpha, 0.005, {
      min: 0,
      max: 1,
      minExclusive: true,
      maxExclusive: true,
    });
    this.windowSize = numberParam('KSWIN', 'windowSize', options.windowSize, 100, {
      integer: true,
      min: 2,
    });
    this.statSize = numberParam('KSWIN', 'statSize', options.statSize, 30, {
      integer: true,
      min: 1,
    });
    if (2 * this.statSize > this.windowSize) {
      throw invalidArgument(
        `KSWIN needs windowSize >= 2 * statSize so that statSize older values can be sampled; got windowSize ${this.windowSize} and statSize ${this.statSize}.`,
        { detector: 'KSWIN', parameter: 'statSize' },
      );
    }
    this.seed = numberParam('KSWIN', 'seed', options.seed, 0, {
      integer: true,
      min: 0,
      max: 2 ** 32 - 1,
    });
    this.ring = new Float64Array(this.windowSize);
    this.pool = new Int32Array(this.windowSize - this.statSize);
    this.older = new Float64Array(this.statSize);
    this.recent = new Float64Array(this.statSize);
    this.random = mulberry32(this.seed);
    for (const x of options.window ?? []) this.push(finiteInput('KSWIN', x));
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  /** p-value of the latest test; 0 until the window is full, as in river. */
  get pValue(): number {
    return this.latestPValue;
  }

  update(x: number): void {
    finiteInput('KSWIN', x);
    if (this.drift) {
      this.count = 0;
      this.start = 0;
      this.latestPValue = 0;
      this.random = mulberry32(this.seed);
      this.drift = false;
    }
    this.push(x);
    if (this.count < this.windowSize) return;
    this.sampleOlder();
    const recentFrom = this.windowSize - this.statSize;
    for (let i = 0; i < this.statSize; i++) this.recent[i] = this.at(recentFrom + i);
    const { statistic, pvalue } = ksTwoSample(this.older, this.recent);
    this.latestPValue = pvalue;
    this.drift = pvalue <= this.alpha && statistic > 0.1;
  }

  private push(x: number): void {
    if (this.count < this.windowSize) {
      this.ring[(this.start + this.count) % this.windowSize] = x;
      this.count += 1;
    } else {
      this.ring[this.start] = x;
      this.start = (this.start + 1) % this.windowSize;
    }
  }

  /** The i-th value of the window, oldest first. */
  private at(i: number): number {
    return this.ring[(this.start + i) % this.windowSize]!;
  }

  /** statSize distinct positions among the older part, by a partial Fisher-Yates shuffle. */
  private sampleOlder(): void {
    const population = this.pool.length;
    for (let i = 0; i < population; i++) this.pool[i] = i;
    for (let i = 0; i < this.statSize; i++) {
      const j = i + Math.floor(this.random() * (population - i));
      const picked = this.pool[j]!;
      this.pool[j] = this.pool[i]!;
      this.pool[i] = picked;
      this.older[i] = this.at(picked);
    }
  }
}
