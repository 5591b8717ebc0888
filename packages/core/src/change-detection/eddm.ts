import { invalidArgument } from '../errors.js';
import type { WarningChangeDetector } from './change-detector.js';
import { bitInput, numberParam } from './detector-params.js';
import { RunningVariance } from './running-variance.js';

export interface EddmOptions {
  /** Outcomes, and then errors, seen before the tests start. */
  warmStart?: number;
  /** Warning when (p' + 2 s') / max(p' + 2 s') falls below this. */
  alpha?: number;
  /** Drift when that ratio falls below this (at most alpha). */
  beta?: number;
}

/**
 * EDDM (Baena-García et al., 2006), as river's drift.binary.EDDM: tracks the mean p' and standard
 * deviation s' of the distance between consecutive errors; a shrinking p' + 2 s' relative to its
 * maximum means errors come closer together. Like river, the statistics move only on errors, so
 * the warning flag keeps its value across correct predictions.
 */
export class EddmDetector implements WarningChangeDetector {
  readonly name = 'eddm';
  readonly warmStart: number;
  readonly alpha: number;
  readonly beta: number;
  private distances = new RunningVariance();
  private n = 0;
  private lastError = 0;
  private errors = 0;
  private p2sMax = -1;
  private drift = false;
  private warning = false;

  constructor(options: EddmOptions = {}) {
    this.warmStart = numberParam('EDDM', 'warmStart', options.warmStart, 30, {
      integer: true,
      min: 0,
    });
    const unit = { min: 0, max: 1, minExclusive: true };
    this.alpha = numberParam('EDDM', 'alpha', options.alpha, 0.95, unit);
    this.beta = numberParam('EDDM', 'beta', options.beta, 0.9, unit);
    if (this.alpha < this.beta) {
      throw invalidArgument(
        `EDDM parameter "alpha" (warning level, ${this.alpha}) must be at least "beta" (drift level, ${this.beta}); swap them or raise alpha.`,
        { detector: 'EDDM', parameter: 'alpha' },
      );
    }
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  get warningDetected(): boolean {
    return this.warning;
  }

  /** `x`: 1 for an error, 0 for a correct prediction. */
  update(x: number): void {
    bitInput('EDDM', x);
    if (this.drift) this.reset();
    this.n += 1;
    if (x !== 1) return;
    this.errors += 1;
    this.distances.update(this.n - this.lastError);
    this.lastError = this.n;
    if (this.n <= this.warmStart) return;
    const p2s = this.distances.mean + 2 * Math.sqrt(this.distances.variance);
    if (p2s > this.p2sMax) {
      this.p2sMax = p2s;
    } else if (this.errors > this.warmStart) {
      const level = p2s / this.p2sMax;
      if (level < this.beta) this.drift = true;
      else this.warning = level < this.alpha;
    }
  }

  private reset(): void {
    this.distances = new RunningVariance();
    this.n = 0;
    this.lastError = 0;
    this.errors = 0;
    this.p2sMax = -1;
    this.drift = false;
    this.warning = false;
  }
}
