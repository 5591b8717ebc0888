import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { MeanSummary, ProportionSummary } from './ab-summaries.js';
import type { DifferenceTest, TestOutcome } from './difference-test.js';
import { sampleSizePerArmForMeans, sampleSizePerArmForProportions } from './sample-size.js';
import { twoProportionZTest } from './two-proportion-z-test.js';
import { welchTTest } from './welch-t-test.js';

interface ZCase {
  control: ProportionSummary;
  candidate: ProportionSummary;
  alpha: number;
  z: number;
  pValue: number;
  ci: [number, number];
}
interface WelchCase {
  control: MeanSummary;
  candidate: MeanSummary;
  alpha: number;
  t: number;
  pValue: number;
  df: number;
  ci: [number, number];
}
interface ProportionSize {
  baselineRate: number;
  minimumDetectableEffect: number;
  alpha: number;
  power: number;
  perArm: number;
}
interface MeanSize {
  controlVariance: number;
  candidateVariance: number;
  minimumDetectableEffect: number;
  alpha: number;
  power: number;
  perArm: number;
  statsmodelsPerArm?: number;
}

// Loaded with require: core's lint keeps file-system access out of core, tests included.
const fixture = createRequire(import.meta.url)(
  '../../test/fixtures/ab-analysis-reference.json',
) as {
  twoProportionZ: ZCase[];
  welch: WelchCase[];
  sampleSizeProportions: ProportionSize[];
  sampleSizeMeans: MeanSize[];
};

function defined<T extends DifferenceTest>(outcome: TestOutcome<T>): T {
  if (!outcome.defined) throw new Error(`expected a test result: ${outcome.reason}`);
  return outcome;
}

/** Agreement to `digits` significant digits, for p-values spanning orders of magnitude. */
function expectRelative(actual: number, expected: number, digits: number): void {
  if (expected === 0) expect(Math.abs(actual)).toBeLessThan(10 ** -digits);
  else expect(actual / expected).toBeCloseTo(1, digits);
}

describe('two-proportion z-test against statsmodels', () => {
  it.each(
    fixture.twoProportionZ.map((c) => [JSON.stringify([c.control, c.candidate]), c] as const),
  )('%s', (_title, c) => {
    const result = defined(twoProportionZTest(c.control, c.candidate, c.alpha));
    expect(result.statistic).toBeCloseTo(c.z, 10);
    expectRelative(result.pValue, c.pValue, 9);
    expect(result.confidenceInterval.lower).toBeCloseTo(c.ci[0], 12);
    expect(result.confidenceInterval.upper).toBeCloseTo(c.ci[1], 12);
    expect(result.confidenceInterval.level).toBeCloseTo(1 - c.alpha, 15);
  });
});

describe("Welch's t-test against SciPy and statsmodels", () => {
  it.each(
    fixture.welch.map((c) => [JSON.stringify([c.control.count, c.candidate.count]), c] as const),
  )('counts %s', (_title, c) => {
    const result = defined(welchTTest(c.control, c.candidate, c.alpha));
    expect(result.statistic).toBeCloseTo(c.t, 10);
    expectRelative(result.pValue, c.pValue, 9);
    expectRelative(result.degreesOfFreedom, c.df, 10);
    // stdlib's t quantile agrees with SciPy's to ~1e-9 relative at fractional degrees of freedom.
    expect(result.confidenceInterval.lower).toBeCloseTo(c.ci[0], 8);
    expect(result.confidenceInterval.upper).toBeCloseTo(c.ci[1], 8);
  });
});

describe('sample size per arm against the closed forms evaluated with SciPy', () => {
  it.each(fixture.sampleSizeProportions.map((c) => [JSON.stringify(c), c] as const))(
    'proportions %s',
    (_title, c) => {
      const options = { alpha: c.alpha, power: c.power };
      expect(
        sampleSizePerArmForProportions(c.baselineRate, c.minimumDetectableEffect, options),
      ).toBe(c.perArm);
    },
  );

  it.each(fixture.sampleSizeMeans.map((c) => [JSON.stringify(c), c] as const))(
    'means %s',
    (_title, c) => {
      const options = { alpha: c.alpha, power: c.power };
      const n = sampleSizePerArmForMeans(
        c.controlVariance,
        c.candidateVariance,
        c.minimumDetectableEffect,
        options,
      );
      expect(n).toBe(c.perArm);
      // statsmodels' NormalIndPower solves the same approximation numerically.
      if (c.statsmodelsPerArm !== undefined) expect(n).toBe(Math.ceil(c.statsmodelsPerArm));
    },
  );
});
