import normalQuantile from '@stdlib/stats-base-dists-normal-quantile';
import { invalidArgument } from '../errors.js';
import { checkProbability } from './ab-summaries.js';

export interface PowerOptions {
  /** Two-sided significance level; 0.05 by default. */
  alpha?: number;
  /** Chance of detecting an effect of exactly the minimum size; 0.8 by default. */
  power?: number;
}

/** Welch's test needs two values per arm to estimate a variance, whatever the formula says. */
const MIN_PER_ARM = 2;

function quantiles(options: PowerOptions): { zAlpha: number; zPower: number } {
  const alpha = options.alpha ?? 0.05;
  const power = options.power ?? 0.8;
  checkProbability('alpha', alpha);
  checkProbability('power', power);
  return { zAlpha: normalQuantile(1 - alpha / 2, 0, 1), zPower: normalQuantile(power, 0, 1) };
}

function checkEffect(effect: number): void {
  if (!(effect > 0) || !Number.isFinite(effect)) {
    throw invalidArgument(
      `minimumDetectableEffect must be a positive absolute difference, got ${effect}.`,
    );
  }
}

/**
 * Rows per arm for the two-proportion z-test to detect an absolute change of
 * `minimumDetectableEffect` from `baselineRate` (upwards, or downwards when that would pass 1):
 * (z_{1-α/2} √(2 p̄ q̄) + z_{power} √(p₁q₁ + p₂q₂))² / δ², the normal approximation with the pooled
 * variance under H0 and the unpooled one under H1, rounded up.
 */
export function sampleSizePerArmForProportions(
  baselineRate: number,
  minimumDetectableEffect: number,
  options: PowerOptions = {},
): number {
  if (!(baselineRate >= 0 && baselineRate <= 1)) {
    throw invalidArgument(`baselineRate must be a rate in [0, 1], got ${baselineRate}.`);
  }
  checkEffect(minimumDetectableEffect);
  const p1 = baselineRate;
  const p2 =
    p1 + minimumDetectableEffect <= 1 ? p1 + minimumDetectableEffect : p1 - minimumDetectableEffect;
  if (p2 < 0) {
    throw invalidArgument(
      `A change of ${minimumDetectableEffect} from ${baselineRate} leaves [0, 1] both ways; use a smaller minimumDetectableEffect.`,
    );
  }
  const { zAlpha, zPower } = quantiles(options);
  const pBar = (p1 + p2) / 2;
  const root =
    zAlpha * Math.sqrt(2 * pBar * (1 - pBar)) + zPower * Math.sqrt(p1 * (1 - p1) + p2 * (1 - p2));
  return Math.max(MIN_PER_ARM, Math.ceil((root * root) / minimumDetectableEffect ** 2));
}

/**
 * Rows per arm for Welch's test to detect a difference of means of `minimumDetectableEffect`:
 * (σ²_control + σ²_candidate)(z_{1-α/2} + z_{power})² / δ², rounded up.
 */
export function sampleSizePerArmForMeans(
  controlVariance: number,
  candidateVariance: number,
  minimumDetectableEffect: number,
  options: PowerOptions = {},
): number {
  for (const [name, value] of [
    ['controlVariance', controlVariance],
    ['candidateVariance', candidateVariance],
  ] as const) {
    if (!(value >= 0) || !Number.isFinite(value)) {
      throw invalidArgument(`${name} must be a finite variance >= 0, got ${value}.`);
    }
  }
  checkEffect(minimumDetectableEffect);
  const { zAlpha, zPower } = quantiles(options);
  const n =
    ((controlVariance + candidateVariance) * (zAlpha + zPower) ** 2) / minimumDetectableEffect ** 2;
  return Math.max(MIN_PER_ARM, Math.ceil(n));
}
