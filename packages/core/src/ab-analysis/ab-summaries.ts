import { invalidArgument } from '../errors.js';

/**
 * One arm of a conversion-style experiment, as SQL gives it: COUNT(*) and SUM(converted).
 */
export interface ProportionSummary {
  readonly trials: number;
  readonly successes: number;
}

/**
 * One arm of a continuous metric, as SQL gives it: COUNT(x), AVG(x) and VAR_SAMP(x) (the sample
 * variance, divided by count − 1).
 */
export interface MeanSummary {
  readonly count: number;
  readonly mean: number;
  readonly variance: number;
}

export type ArmName = 'control' | 'candidate';

function isCount(value: number): boolean {
  return Number.isInteger(value) && value >= 0;
}

export function checkProportionSummary(arm: ArmName, summary: ProportionSummary): void {
  const { trials, successes } = summary;
  if (!isCount(trials) || !isCount(successes) || successes > trials) {
    throw invalidArgument(
      `The ${arm} arm needs whole numbers 0 <= successes <= trials; got ${successes} successes in ${trials} trials.`,
      { arm },
    );
  }
}

export function checkMeanSummary(arm: ArmName, summary: MeanSummary): void {
  const { count, mean, variance } = summary;
  if (!isCount(count) || !Number.isFinite(mean) || !Number.isFinite(variance) || variance < 0) {
    throw invalidArgument(
      `The ${arm} arm needs a whole count, a finite mean and a sample variance >= 0 (VAR_SAMP); got count ${count}, mean ${mean}, variance ${variance}.`,
      { arm },
    );
  }
}

/** A significance level or a power: a probability strictly between 0 and 1. */
export function checkProbability(name: string, value: number): void {
  if (!(value > 0 && value < 1)) {
    throw invalidArgument(`${name} must be strictly between 0 and 1, got ${value}.`);
  }
}
