import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { andersonKSampleSorted } from './anderson-ksamp.js';
import { energyDistanceSorted, wassersteinDistanceSorted } from './cdf-distance.js';
import { cramerVonMisesSorted } from './cramer-von-mises.js';
import { eppsSingletonSorted } from './epps-singleton.js';
import { mannWhitneyUSorted } from './mann-whitney.js';
import type { Alternative } from './mann-whitney.js';
import { populationStd } from './moments.js';
import { studentTTest, welchTTest } from './t-test.js';

type Pair = { statistic: number; pvalue: number };
interface GoldenCase {
  name: string;
  kind: string;
  reference: number[];
  current: number[];
  expected: {
    wasserstein: number;
    wasserstein_normed_by_ref_std: number;
    energy_distance: number;
    anderson_ksamp: { statistic: number; significance_level_capped: number };
    cramer_von_mises: Pair;
    mann_whitney_u: Pair;
    welch_t_test: Pair;
    student_t_test: Pair;
  };
}
type Sampled = { name: string; reference: number[]; current: number[] };
interface Extra {
  mannwhitneyu: (Sampled & Pair & { alternative: Alternative })[];
  anderson_ksamp: (Sampled & { statistic: number; significance_level: number })[];
  cramervonmises_2samp: (Sampled & Pair)[];
  epps_singleton_2samp: (Sampled & Pair)[];
}
const fixture = (name: string): unknown =>
  createRequire(import.meta.url)(`../../../test/fixtures/${name}`) as unknown;
const golden = (fixture('drift-stats.json') as { cases: GoldenCase[] }).cases.filter(
  (c) => c.kind === 'numerical',
);
const extra = fixture('drift-extra.json') as Extra;
const sorted = (v: number[]): Float64Array => Float64Array.from(v).sort();

function expectClose(actual: number, expected: number): void {
  const ok =
    Math.abs(actual - expected) <= 1e-12 ||
    Math.abs(actual - expected) <= 1e-6 * Math.abs(expected);
  if (!ok) expect(actual).toBe(expected);
}

describe.each(golden)('SciPy 1.10 golden case $name', (c) => {
  const a = sorted(c.reference);
  const b = sorted(c.current);
  const e = c.expected;

  it('wasserstein_distance, plain and normed by the reference std', () => {
    expectClose(wassersteinDistanceSorted(a, b), e.wasserstein);
    expectClose(
      wassersteinDistanceSorted(a, b) / populationStd(a),
      e.wasserstein_normed_by_ref_std,
    );
  });
  it('energy_distance', () => expectClose(energyDistanceSorted(a, b), e.energy_distance));
  it('anderson_ksamp statistic and capped significance level', () => {
    const r = andersonKSampleSorted(a, b)!;
    expectClose(r.statistic, e.anderson_ksamp.statistic);
    expectClose(r.significanceLevel, e.anderson_ksamp.significance_level_capped);
  });
  it('cramervonmises_2samp', () => {
    const r = cramerVonMisesSorted(a, b);
    expectClose(r.statistic, e.cramer_von_mises.statistic);
    expectClose(r.pvalue, e.cramer_von_mises.pvalue);
  });
  it('mannwhitneyu two-sided', () => {
    const r = mannWhitneyUSorted(a, b, 'two-sided');
    expectClose(r.statistic, e.mann_whitney_u.statistic);
    expectClose(r.pvalue, e.mann_whitney_u.pvalue);
  });
  it("Welch's and Student's t-tests", () => {
    const w = welchTTest(a, b);
    const s = studentTTest(a, b);
    expectClose(w.statistic, e.welch_t_test.statistic);
    expectClose(w.pvalue, e.welch_t_test.pvalue);
    expectClose(s.statistic, e.student_t_test.statistic);
    expectClose(s.pvalue, e.student_t_test.pvalue);
  });
});

describe('extra SciPy cases', () => {
  it.each(extra.mannwhitneyu)('mannwhitneyu $name $alternative', (c) => {
    const r = mannWhitneyUSorted(sorted(c.reference), sorted(c.current), c.alternative);
    expectClose(r.statistic, c.statistic);
    expectClose(r.pvalue, c.pvalue);
  });
  it.each(extra.anderson_ksamp)('anderson_ksamp $name (interpolated level)', (c) => {
    const r = andersonKSampleSorted(sorted(c.reference), sorted(c.current))!;
    expectClose(r.statistic, c.statistic);
    expectClose(r.significanceLevel, c.significance_level);
  });
  it.each(extra.cramervonmises_2samp)('cramervonmises_2samp exact $name', (c) => {
    const r = cramerVonMisesSorted(sorted(c.reference), sorted(c.current));
    expectClose(r.statistic, c.statistic);
    expectClose(r.pvalue, c.pvalue);
  });
  it.each(extra.epps_singleton_2samp)('epps_singleton_2samp $name', (c) => {
    const r = eppsSingletonSorted(sorted(c.reference), sorted(c.current))!;
    expectClose(r.statistic, c.statistic);
    expectClose(r.pvalue, c.pvalue);
  });
});

describe('degenerate inputs', () => {
  it('anderson needs two distinct values in total', () => {
    expect(
      andersonKSampleSorted(Float64Array.from([1, 1]), Float64Array.from([1])),
    ).toBeUndefined();
  });
  it('Epps-Singleton refuses a zero interquartile range and samples under 5 values', () => {
    const same = new Float64Array(10).fill(2);
    expect(eppsSingletonSorted(same, same)).toBeUndefined();
    expect(
      eppsSingletonSorted(Float64Array.from([1, 2, 3, 4]), sorted([1, 2, 3, 4, 5])),
    ).toBeUndefined();
  });
  it('wasserstein of a shift by c is c (hand-computed)', () => {
    expect(
      wassersteinDistanceSorted(Float64Array.from([0, 1, 2]), Float64Array.from([0.5, 1.5, 2.5])),
    ).toBeCloseTo(0.5, 15);
  });
});
