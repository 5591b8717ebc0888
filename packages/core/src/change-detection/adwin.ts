import { AdwinWindow } from './adwin-window.js';
import type { ChangeDetector } from './change-detector.js';
import { finiteInput, numberParam } from './detector-params.js';

export interface AdwinOptions {
  /** Significance of the cut test; smaller means fewer false alarms and slower detection. */
  delta?: number;
  /** Cuts are looked for every `clock` values. */
  clock?: number;
  /** Buckets of each size kept before two are merged. */
  maxBuckets?: number;
  /** Sub-windows shorter than this are never compared. */
  minWindowLength?: number;
  /** No cut is looked for until the window holds more than this many values. */
  gracePeriod?: number;
}

/**
 * ADWIN (Bifet and Gavaldà, 2007) as river implements it: keep a window of recent values and
 * drop its oldest part whenever an old and a recent sub-window have means too far apart for the
 * variance-aware Hoeffding bound. The cut loop visits every bucket, as river has since it was
 * aligned with MOA (river issue #1539); older river releases skipped the newest bucket of each row.
 */
export class AdwinDetector implements ChangeDetector {
  readonly name = 'adwin';
  readonly delta: number;
  readonly clock: number;
  readonly maxBuckets: number;
  readonly minWindowLength: number;
  readonly gracePeriod: number;
  private window: AdwinWindow;
  private tick = 0;
  private drift = false;

  constructor(options: AdwinOptions = {}) {
    this.delta = numberParam('ADWIN', 'delta', options.delta, 0.002, {
      min: 0,
      max: 1,
      minExclusive: true,
      maxExclusive: true,
    });
    this.clock = numberParam('ADWIN', 'clock', options.clock, 32, { integer: true, min: 1 });
    this.maxBuckets = numberParam('ADWIN', 'maxBuckets', options.maxBuckets, 5, {
      integer: true,
      min: 1,
    });
    this.minWindowLength = numberParam('ADWIN', 'minWindowLength', options.minWindowLength, 5, {
      integer: true,
      min: 1,
    });
    this.gracePeriod = numberParam('ADWIN', 'gracePeriod', options.gracePeriod, 10, {
      integer: true,
      min: 0,
    });
    this.window = new AdwinWindow(this.maxBuckets);
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  /** Values in the current window. */
  get width(): number {
    return this.window.width;
  }

  /** Mean of the current window (0 while empty). */
  get estimation(): number {
    return this.window.width === 0 ? 0 : this.window.total / this.window.width;
  }

  /** Population variance of the current window (river's variance_in_window). */
  get windowVariance(): number {
    return this.window.width === 0 ? 0 : this.window.variance / this.window.width;
  }

  update(x: number): void {
    finiteInput('ADWIN', x);
    if (this.drift) {
      this.window = new AdwinWindow(this.maxBuckets);
      this.tick = 0;
    }
    this.window.insert(x);
    this.drift = this.detectChange();
  }

  private detectChange(): boolean {
    this.tick += 1;
    if (this.tick % this.clock !== 0 || this.window.width <= this.gracePeriod) return false;
    let changed = false;
    let shrinking = true;
    while (shrinking) {
      shrinking = this.cutOnce();
      changed ||= shrinking;
    }
    return changed;
  }

  /** Scans cut points from the oldest bucket on; on the first significant one drops the oldest bucket. */
  private cutOnce(): boolean {
    const w = this.window;
    let n0 = 0;
    let n1 = w.width;
    let u0 = 0;
    let u1 = w.total;
    for (let idx = w.rows.length - 1; idx >= 0; idx--) {
      const row = w.rows[idx]!;
      const size = 2 ** idx;
      for (let k = 0; k < row.count; k++) {
        const bucketTotal = row.totals[k]!;
        n0 += size;
        n1 -= size;
        u0 += bucketTotal;
        u1 -= bucketTotal;
        if (idx === 0 && k === row.count - 1) return false;
        const meanGap = u0 / n0 - u1 / n1;
        if (
          n1 >= this.minWindowLength &&
          n0 >= this.minWindowLength &&
          this.cutIsSignificant(n0, n1, meanGap)
        ) {
          w.deleteOldest();
          return true;
        }
      }
    }
    return false;
  }

  private cutIsSignificant(n0: number, n1: number, meanGap: number): boolean {
    const w = this.window;
    const deltaPrime = Math.log((2 * Math.log(w.width)) / this.delta);
    const mRecip = 1 / (n0 - this.minWindowLength + 1) + 1 / (n1 - this.minWindowLength + 1);
    const epsilon =
      Math.sqrt(2 * mRecip * (w.variance / w.width) * deltaPrime) + (2 / 3) * deltaPrime * mRecip;
    return Math.abs(meanGap) > epsilon;
  }
}
