/**
 * Running mean and sample variance (ddof = 1), updated as river's stats.Var does so that
 * detectors built on it cross their thresholds at the same sample.
 */
export class RunningVariance {
  n = 0;
  mean = 0;
  /** Sample variance; 0 until two values were seen. */
  variance = 0;

  update(x: number): void {
    const previousMean = this.mean;
    this.n += 1;
    this.mean += (x - this.mean) / this.n;
    if (this.n > 1) {
      this.variance += ((x - previousMean) * (x - this.mean) - this.variance) / (this.n - 1);
    }
  }
}
