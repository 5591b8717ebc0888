import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import {
  hellingerDistance,
  jensenShannonDistance,
  klDivergence,
  totalVariationDistance,
} from './distribution-distances.js';
import { fisherExact2x2 } from './fisher-exact.js';
import { tvdPermutationTest } from './permutation-tvd.js';
import { chi2Contingency, chiSquareGoodnessOfFit, gTest } from './power-divergence.js';
import { twoProportionZ } from './two-proportion-z.js';

type Pair = { statistic: number | string; pvalue: number };
interface GoldenCase {
  name: string;
  kind: string;
  reference: string[];
  current: string[];
  expected: {
    chi2_contingency: Pair & { dof: number };
    chi2_goodness_of_fit_vs_reference_proportions: Pair;
    jensen_shannon_distance_natural_log: number;
    jensen_shannon_distance_base2: number;
    kl_divergence_cur_to_ref: number;
    total_variation_distance: number;
    hellinger_distance: number;
    fisher_exact?: { pvalue: number };
    two_proportion_z?: Pair;
  };
}
interface Extra {
  counts: {
    name: string;
    reference: number[];
    current: number[];
    chisquare_vs_reference: Pair;
    g_test_vs_reference: Pair;
    chi2_contingency_corrected?: Pair;
  }[];
  fisher_exact: { table: [[number, number], [number, number]]; pvalue: number }[];
}
const fixture = (name: string): unknown =>
  createRequire(import.meta.url)(`../../../test/fixtures/${name}`) as unknown;
const golden = (fixture('drift-stats.json') as { cases: GoldenCase[] }).cases.filter(
  (c) => c.kind === 'categorical',
);
const extra = fixture('drift-extra.json') as Extra;
const num = (v: number | string): number => (typeof v === 'string' ? Number(v) : v);

function expectClose(actual: number, expected: number | string): void {
  const e = num(expected);
  if (!Number.isFinite(e)) return void expect(actual).toBe(e);
  const ok = Math.abs(actual - e) <= 1e-12 || Math.abs(actual - e) <= 1e-6 * Math.abs(e);
  if (!ok) expect(actual).toBe(e);
}

/** Counts of each category, reference's order first, as two aligned vectors. */
function countVectors(ref: string[], cur: string[]): { keys: string[]; r: number[]; c: number[] } {
  const keys = [...new Set([...ref, ...cur])];
  const count = (v: string[], k: string) => v.filter((x) => x === k).length;
  return { keys, r: keys.map((k) => count(ref, k)), c: keys.map((k) => count(cur, k)) };
}

describe.each(golden)('SciPy 1.10 golden case $name', (g) => {
  const { r, c } = countVectors(g.reference, g.current);
  const e = g.expected;
  const nr = g.reference.length;
  const nc = g.current.length;

  it('chi2_contingency (the golden values are without Yates correction)', () => {
    const res = chi2Contingency([r, c], false);
    expectClose(res.statistic, e.chi2_contingency.statistic);
    expectClose(res.pvalue, e.chi2_contingency.pvalue);
    expect(res.dof).toBe(e.chi2_contingency.dof);
  });
  it('chi-square goodness of fit against the reference proportions', () => {
    const res = chiSquareGoodnessOfFit(
      c,
      r.map((v) => (v * nc) / nr),
    );
    expectClose(res.statistic, e.chi2_goodness_of_fit_vs_reference_proportions.statistic);
    expectClose(res.pvalue, e.chi2_goodness_of_fit_vs_reference_proportions.pvalue);
  });
  it('Jensen-Shannon (natural log and base 2), KL, TVD, Hellinger', () => {
    expectClose(jensenShannonDistance(r, c), e.jensen_shannon_distance_natural_log);
    expectClose(jensenShannonDistance(r, c, 2), e.jensen_shannon_distance_base2);
    expectClose(klDivergence(c, r), e.kl_divergence_cur_to_ref);
    expectClose(totalVariationDistance(r, c), e.total_variation_distance);
    expectClose(
      hellingerDistance(
        r.map((v) => v / nr),
        c.map((v) => v / nc),
      ),
      e.hellinger_distance,
    );
  });
});

describe.each(golden.filter((g) => g.expected.fisher_exact))('binary golden case $name', (g) => {
  const { r, c } = countVectors(g.reference, g.current);
  it('Fisher exact and the pooled two-proportion z', () => {
    expectClose(fisherExact2x2(c[0]!, c[1]!, r[0]!, r[1]!), g.expected.fisher_exact!.pvalue);
    const z = twoProportionZ(r[0]!, g.reference.length, c[0]!, g.current.length);
    expectClose(Math.abs(z.statistic), g.expected.two_proportion_z!.statistic);
    expectClose(z.pvalue, g.expected.two_proportion_z!.pvalue);
  });
});

describe('extra SciPy count cases', () => {
  it.each(extra.counts)('$name: chisquare, G-test, corrected contingency', (x) => {
    const scale = x.current.reduce((s, v) => s + v, 0) / x.reference.reduce((s, v) => s + v, 0);
    const expected = x.reference.map((v) => v * scale);
    const chi = chiSquareGoodnessOfFit(x.current, expected);
    expectClose(chi.statistic, x.chisquare_vs_reference.statistic);
    expectClose(chi.pvalue, x.chisquare_vs_reference.pvalue);
    const g = gTest(x.current, expected);
    expectClose(g.statistic, x.g_test_vs_reference.statistic);
    expectClose(g.pvalue, x.g_test_vs_reference.pvalue);
    if (x.chi2_contingency_corrected) {
      const keep = x.reference.map((v, i) => v + x.current[i]! > 0);
      const ct = chi2Contingency([
        x.reference.filter((_, i) => keep[i]),
        x.current.filter((_, i) => keep[i]),
      ]);
      expectClose(ct.statistic, x.chi2_contingency_corrected.statistic);
      expectClose(ct.pvalue, x.chi2_contingency_corrected.pvalue);
    }
  });
  it.each(extra.fisher_exact)('fisher_exact $table', ({ table, pvalue }) => {
    expectClose(fisherExact2x2(table[0][0], table[0][1], table[1][0], table[1][1]), pvalue);
  });
});

describe('TVD permutation test', () => {
  it('is reproducible and separates strong drift from none', () => {
    const same = tvdPermutationTest(
      Float64Array.from([300, 300, 400]),
      Float64Array.from([310, 290, 400]),
    );
    const again = tvdPermutationTest(
      Float64Array.from([300, 300, 400]),
      Float64Array.from([310, 290, 400]),
    );
    expect(again).toEqual(same);
    expect(same.pvalue).toBeGreaterThan(0.3);
    const drift = tvdPermutationTest(
      Float64Array.from([300, 300, 400]),
      Float64Array.from([500, 100, 400]),
    );
    expect(drift.statistic).toBeCloseTo(0.2, 12);
    expect(drift.pvalue).toBe(0);
  });
});
