import { invalidArgument } from '../errors.js';
import type { ChangeDetector } from './change-detector.js';
import { finiteInput, numberParam } from './detector-params.js';

export const PAGE_HINKLEY_MODES = ['up', 'down', 'both'] as const;
export type PageHinkleyMode = (typeof PAGE_HINKLEY_MODES)[number];

export interface PageHinkleyOptions {
  /** Values seen before a change can be signalled. */
  minInstances?: number;
  /** Magnitude of change tolerated per value. */
  delta?: number;
  /** The cumulative deviation (lambda) that signals a change. */
  threshold?: number;
  /** Fading factor applied to the cumulative sums. */
  alpha?: number;
  /** Watch for increases of the mean, decreases, or both. */
  mode?: PageHinkleyMode;
}

/**
 * Page-Hinkley test as river's drift.PageHinkley: faded cumulative sums of deviations from the
 * running mean, m_t = alpha · m_{t-1} + (x_t - mean_t) ∓ delta; a change when the distance from
 * the sum's extreme so far exceeds the threshold.
 */
export class PageHinkleyDetector implements ChangeDetector {
  readonly name = 'page-hinkley';
  readonly minInstances: number;
  readonly delta: number;
  readonly threshold: number;
  readonly alpha: number;
  readonly mode: PageHinkleyMode;
  private n = 0;
  private mean = 0;
  private sumIncrease = 0;
  private sumDecrease = 0;
  private minIncrease = Number.POSITIVE_INFINITY;
  // river starts the maximum at -1, not -infinity; the first update always lifts it to delta.
  private maxDecrease = -1;
  private drift = false;

  constructor(options: PageHinkleyOptions = {}) {
    this.minInstances = numberParam('PageHinkley', 'minInstances', options.minInstances, 30, {
      integer: true,
      min: 1,
    });
    this.delta = numberParam('PageHinkley', 'delta', options.delta, 0.005, { min: 0 });
    this.threshold = numberParam('PageHinkley', 'threshold', options.threshold, 50, {
      min: 0,
      minExclusive: true,
    });
    this.alpha = numberParam('PageHinkley', 'alpha', options.alpha, 1 - 0.0001, {
      min: 0,
      max: 1,
      minExclusive: true,
    });
    const mode = options.mode ?? 'both';
    if (!PAGE_HINKLEY_MODES.includes(mode)) {
      throw invalidArgument(
        `PageHinkley parameter "mode" must be one of ${PAGE_HINKLEY_MODES.join(', ')}, got ${JSON.stringify(mode)}.`,
        { detector: 'PageHinkley', parameter: 'mode' },
      );
    }
    this.mode = mode;
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  update(x: number): void {
    finiteInput('PageHinkley', x);
    if (this.drift) this.reset();
    this.n += 1;
    this.mean += (x - this.mean) / this.n;
    const deviation = x - this.mean;
    this.sumIncrease = this.alpha * this.sumIncrease + deviation - this.delta;
    this.sumDecrease = this.alpha * this.sumDecrease + deviation + this.delta;
    if (this.sumIncrease < this.minIncrease) this.minIncrease = this.sumIncrease;
    if (this.sumDecrease > this.maxDecrease) this.maxDecrease = this.sumDecrease;
    if (this.n < this.minInstances) return;
    const increase = this.sumIncrease - this.minIncrease > this.threshold;
    const decrease = this.maxDecrease - this.sumDecrease > this.threshold;
    this.drift =
      this.mode === 'up' ? increase : this.mode === 'down' ? decrease : increase || decrease;
  }

  private reset(): void {
    this.n = 0;
    this.mean = 0;
    this.sumIncrease = 0;
    this.sumDecrease = 0;
    this.minIncrease = Number.POSITIVE_INFINITY;
    this.maxDecrease = -1;
    this.drift = false;
  }
}
