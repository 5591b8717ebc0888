import type { MeanSummary, ProportionSummary } from '@slipway/core';

/** Who served a group of rows: the deployment's variant and the registry version behind it. */
export interface ArmKey {
  variant: string | null;
  modelName: string;
  modelVersion: string;
}

/**
 * The running summary of one arm: count, successes (rates) and a weighted Welford mean and sum of
 * squared deviations (means), which stay exact when many rows share one value, unlike Σx² − (Σx)²/n.
 */
export class ArmTally {
  count = 0;
  successes = 0;
  skipped = 0;
  private mean = 0;
  private m2 = 0;

  constructor(readonly key: ArmKey) {}

  /** An arm known only by its summary (bandit rewards). */
  static fromSummary(key: ArmKey, summary: MeanSummary): ArmTally {
    const tally = new ArmTally(key);
    tally.count = summary.count;
    tally.mean = summary.mean;
    tally.m2 = summary.variance * Math.max(0, summary.count - 1);
    return tally;
  }

  /** Adds `weight` rows of value `x` (0 / 1 for a rate). */
  add(x: number, weight: number): void {
    this.count += weight;
    if (x === 1) this.successes += weight;
    const delta = x - this.mean;
    this.mean += (delta * weight) / this.count;
    this.m2 += delta * (x - this.mean) * weight;
  }

  proportion(): ProportionSummary {
    return { trials: this.count, successes: this.successes };
  }

  /** VAR_SAMP: divided by count − 1, 0 below two rows (the tests treat those as too few). */
  meanSummary(): MeanSummary {
    return {
      count: this.count,
      mean: this.mean,
      variance: this.count < 2 ? 0 : Math.max(0, this.m2 / (this.count - 1)),
    };
  }

  value(): number | null {
    return this.count === 0 ? null : this.mean;
  }
}
