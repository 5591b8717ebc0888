import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { abVerdict } from './ab-verdict.js';
import { twoProportionZTest } from './two-proportion-z-test.js';
import { welchTTest } from './welch-t-test.js';

describe('abVerdict', () => {
  it('names the candidate a winner when it converts significantly better', () => {
    // statsmodels: z = 2.10, p = 0.035, Wald interval [0.0021, 0.0579].
    const experiment = {
      kind: 'proportion' as const,
      control: { trials: 1000, successes: 100 },
      candidate: { trials: 1000, successes: 130 },
      minimumDetectableEffect: 0.02,
    };
    const verdict = abVerdict(experiment);
    expect(verdict.verdict).toBe('winner');
    expect(verdict.winner).toBe('candidate');
    // For an error rate, the higher arm is the worse one.
    expect(abVerdict({ ...experiment, higherIsBetter: false }).winner).toBe('control');
    // At alpha 0.01 the same data are not significant, and 1000 rows are short of 3841 needed.
    expect(abVerdict({ ...experiment, alpha: 0.01 }).verdict).toBe('no_difference_yet');
  });

  it('waits while the arms are smaller than needed, and stops once they are not', () => {
    // 8 % against 8 %: p = 1. Detecting +1 point from 8 % takes ~12,000 per arm.
    const early = abVerdict({
      kind: 'proportion',
      control: { trials: 5000, successes: 400 },
      candidate: { trials: 5100, successes: 408 },
      minimumDetectableEffect: 0.01,
    });
    expect(early.verdict).toBe('no_difference_yet');
    expect(early.requiredPerArm).toBeGreaterThan(5000);
    expect(early.observedPerArm).toBe(5000);
    // 3.1 % against 3.11 % on a million each (p = 0.68): +0.2 points needs ~120,000 per arm.
    const late = abVerdict({
      kind: 'proportion',
      control: { trials: 1_000_000, successes: 31_000 },
      candidate: { trials: 1_000_000, successes: 31_100 },
      minimumDetectableEffect: 0.002,
    });
    expect(late.verdict).toBe('stop');
    expect(late.requiredPerArm).toBeLessThan(1_000_000);
  });

  it('decides on means with the same rules', () => {
    // Counts 3000 each, means 2.00 and 2.02, unit variance: p ~ 0.4.
    const control = { count: 3000, mean: 2.0, variance: 1 };
    const candidate = { count: 3000, mean: 2.02, variance: 1 };
    // 2 (1.96 + 0.84)^2 / 0.1^2 = 1570 per arm < 3000; for 0.05, 6280 > 3000.
    expect(
      abVerdict({ kind: 'mean', control, candidate, minimumDetectableEffect: 0.1 }).verdict,
    ).toBe('stop');
    expect(
      abVerdict({ kind: 'mean', control, candidate, minimumDetectableEffect: 0.05 }).verdict,
    ).toBe('no_difference_yet');
    const faster = abVerdict({
      kind: 'mean',
      control: { count: 400, mean: 250, variance: 900 },
      candidate: { count: 400, mean: 240, variance: 900 },
      minimumDetectableEffect: 5,
      higherIsBetter: false,
    });
    expect(faster.verdict).toBe('winner');
    expect(faster.winner).toBe('candidate');
  });

  it('waits without failing before the arms have data', () => {
    const verdict = abVerdict({
      kind: 'proportion',
      control: { trials: 0, successes: 0 },
      candidate: { trials: 10, successes: 1 },
      minimumDetectableEffect: 0.01,
    });
    expect(verdict.verdict).toBe('no_difference_yet');
    expect(verdict.requiredPerArm).toBeNull();
    expect(verdict.test).toEqual({ defined: false, reason: expect.any(String) });
    expect(
      abVerdict({
        kind: 'mean',
        control: { count: 1, mean: 3, variance: 0 },
        candidate: { count: 1, mean: 4, variance: 0 },
        minimumDetectableEffect: 1,
      }).verdict,
    ).toBe('no_difference_yet');
  });

  it('stops when neither arm ever converts and enough rows were seen', () => {
    // Baseline 0, +1 point: (1.96 √(2·0.005·0.995) + 0.84 √0.0099)² / 0.01² ≈ 780 per arm.
    const verdict = abVerdict({
      kind: 'proportion',
      control: { trials: 10_000, successes: 0 },
      candidate: { trials: 10_000, successes: 0 },
      minimumDetectableEffect: 0.01,
    });
    expect(verdict.test.defined).toBe(false);
    expect(verdict.verdict).toBe('stop');
  });
});

describe('A/B inputs', () => {
  it('refuses impossible summaries with the fix in the message', () => {
    expect(() =>
      twoProportionZTest({ trials: 10, successes: 11 }, { trials: 10, successes: 1 }),
    ).toThrow(/0 <= successes <= trials/);
    expect(() =>
      welchTTest({ count: 5, mean: 1, variance: -1 }, { count: 5, mean: 1, variance: 1 }),
    ).toThrow(/VAR_SAMP/);
    expect(() =>
      abVerdict({
        kind: 'proportion',
        control: { trials: 10, successes: 1 },
        candidate: { trials: 10, successes: 1 },
        minimumDetectableEffect: 0,
      }),
    ).toThrow(SlipwayError);
    expect(() =>
      twoProportionZTest({ trials: 10, successes: 1 }, { trials: 10, successes: 2 }, 1.5),
    ).toThrow(/alpha must be strictly between 0 and 1/);
  });

  it('reports a test it cannot compute instead of NaN', () => {
    expect(
      welchTTest({ count: 4, mean: 1, variance: 0 }, { count: 4, mean: 2, variance: 0 }),
    ).toEqual({
      defined: false,
      reason: expect.stringMatching(/zero variance/),
    });
    expect(
      twoProportionZTest({ trials: 50, successes: 50 }, { trials: 60, successes: 60 }).defined,
    ).toBe(false);
  });
});
