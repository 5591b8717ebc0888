import type { WarningChangeDetector } from './change-detector.js';
import { bitInput, numberParam } from './detector-params.js';

export interface DdmOptions {
  /** Outcomes seen before the warning and drift tests start. */
  warmStart?: number;
  /** Standard deviations above the best error rate that mean "warning" (2 ≈ 95 %). */
  warningThreshold?: number;
  /** Standard deviations above the best error rate that mean "drift" (3 ≈ 99 %). */
  driftThreshold?: number;
}

/**
 * DDM (Gama et al., 2004), as river's drift.binary.DDM: the error rate p_i of a Bernoulli stream
 * with s_i = sqrt(p_i (1 - p_i) / i); the smallest p_i + s_i seen sets (p_min, s_min), and
 * p_i + s_i above p_min + k · s_min is a warning (k = warningThreshold) or a drift (k = driftThreshold).
 */
export class DdmDetector implements WarningChangeDetector {
  readonly name = 'ddm';
  readonly warmStart: number;
  readonly warningThreshold: number;
  readonly driftThreshold: number;
  private n = 0;
  private errorRate = 0;
  private pMin = Number.NaN;
  private sMin = Number.NaN;
  private psMin = Number.POSITIVE_INFINITY;
  private drift = false;
  private warning = false;

  constructor(options: DdmOptions = {}) {
    this.warmStart = numberParam('DDM', 'warmStart', options.warmStart, 30, {
      integer: true,
      min: 0,
    });
    this.warningThreshold = numberParam('DDM', 'warningThreshold', options.warningThreshold, 2.0, {
      min: 0,
      minExclusive: true,
    });
    this.driftThreshold = numberParam('DDM', 'driftThreshold', options.driftThreshold, 3.0, {
      min: 0,
      minExclusive: true,
    });
  }

  get driftDetected(): boolean {
    return this.drift;
  }

  get warningDetected(): boolean {
    return this.warning;
  }

  /** `x`: 1 for an error, 0 for a correct prediction. */
  update(x: number): void {
    bitInput('DDM', x);
    if (this.drift) this.reset();
    this.n += 1;
    this.errorRate += (x - this.errorRate) / this.n;
    const p = this.errorRate;
    const s = Math.sqrt((p * (1 - p)) / this.n);
    if (this.n <= this.warmStart) return;
    if (p + s <= this.psMin) {
      this.pMin = p;
      this.sMin = s;
      this.psMin = p + s;
    }
    this.warning = p + s > this.pMin + this.warningThreshold * this.sMin;
    if (p + s > this.pMin + this.driftThreshold * this.sMin) {
      this.drift = true;
      this.warning = false;
    }
  }

  private reset(): void {
    this.n = 0;
    this.errorRate = 0;
    this.pMin = Number.NaN;
    this.sMin = Number.NaN;
    this.psMin = Number.POSITIVE_INFINITY;
    this.drift = false;
    this.warning = false;
  }
}
