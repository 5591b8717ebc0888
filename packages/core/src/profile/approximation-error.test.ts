import { describe, expect, it } from 'vitest';
import { sturgesEdges } from '../drift/binning.js';
import { computeDrift } from '../drift/compute-drift.js';
import { ksStatisticSorted } from '../drift/stats/ks-two-sample.js';
import type { StatTestName } from '../drift/tests/registry.js';
import type { NumericalSummary } from './data-profile.js';
import { driftFromProfiles } from './drift-from-profiles.js';
import { KLL_RANK_ERROR } from './kll-sketch.js';
import { ksPValue, ksStatisticFromCdfs } from './ks-from-cdf.js';
import { profileTable } from './profile-table.js';
import { syntheticColumn, tableOf } from './synthetic-columns.js';
import { cdfFromKll } from './weighted-cdf.js';

const EPS = KLL_RANK_ERROR;
const N = 200_000;
const KINDS = ['normal', 'shifted', 'lognormal', 'bimodal', 'ties'];

function score(ref: Float64Array, cur: Float64Array, stattest: StatTestName): [number, number] {
  const r = tableOf({ x: ref });
  const c = tableOf({ x: cur });
  const exact = computeDrift(r, c, { stattest }).columns[0]!.score!;
  const approx = driftFromProfiles(profileTable(r), profileTable(c), { stattest }).columns[0]!
    .score!;
  return [exact, approx];
}

describe('drift from sketched profiles stays within the bounds derived from the KLL rank error', () => {
  const ref = syntheticColumn('normal', N, 1);
  const sortedRef = Float64Array.from(ref).sort();
  const refSummary = profileTable(tableOf({ x: ref })).columns[0]!.summary as NumericalSummary;
  it.each(KINDS)('normal reference vs %s current', (kind) => {
    const cur = syntheticColumn(kind, N, 2);
    const sortedCur = Float64Array.from(cur).sort();
    const curSummary = profileTable(tableOf({ x: cur })).columns[0]!.summary as NumericalSummary;
    expect(refSummary.valueCounts).toBeUndefined();

    // KS: the statistic moves by at most the two sketches' rank errors.
    const d = ksStatisticSorted(sortedRef, sortedCur);
    const dHat = ksStatisticFromCdfs(cdfFromKll(refSummary.kll), cdfFromKll(curSummary.kll));
    expect(Math.abs(dHat - d)).toBeLessThanOrEqual(2 * EPS);
    // ...so the exact p-value lies between the p-values at dHat ± 2 eps, and the reported one
    // is the conservative upper end.
    const [p, pHat] = score(ref, cur, 'ks');
    expect(pHat).toBeCloseTo(ksPValue(Math.max(0, dHat - 2 * EPS), N, N), 12);
    expect(p).toBeGreaterThanOrEqual(ksPValue(dHat + 2 * EPS, N, N) - 1e-12);
    expect(p).toBeLessThanOrEqual(pHat + 1e-12);

    // Wasserstein: ∫|ΔF| dx ≤ eps × range per side, divided by the exact reference std.
    const range =
      Math.max(refSummary.max, curSummary.max) - Math.min(refSummary.min, curSummary.min);
    const std = Math.sqrt(refSummary.m2 / refSummary.n);
    const [w, wHat] = score(ref, cur, 'wasserstein');
    expect(Math.abs(wHat - w)).toBeLessThanOrEqual((2 * EPS * range) / std);

    // Jensen-Shannon distance is a metric: |ΔJS| ≤ JS(p, p̂) + JS(q, q̂), each at most
    // sqrt(ln 2 · TV) with TV ≤ (bins − 1) · eps (every interior edge moves by ≤ eps).
    const bins =
      sturgesEdges(
        Math.min(sortedRef[0]!, sortedCur[0]!),
        Math.max(sortedRef[N - 1]!, sortedCur[N - 1]!),
        2 * N,
      ).length - 1;
    const [js, jsHat] = score(ref, cur, 'jensenshannon');
    expect(Math.abs(jsHat - js)).toBeLessThanOrEqual(2 * Math.sqrt(Math.LN2 * (bins - 1) * EPS));
  });
  it('is exact for t_test (moments) and for heavy ties kept as value counts', () => {
    const cur = syntheticColumn('shifted', N, 3);
    const [t, tHat] = score(ref, cur, 't_test');
    expect(Math.abs(tHat - t)).toBeLessThanOrEqual(1e-9 * Math.max(t, 1e-300) + 1e-300);
    const ties = syntheticColumn('ties', N, 4);
    const tiesCur = syntheticColumn('ties', N, 5);
    for (const test of ['wasserstein', 'jensenshannon', 'psi', 'ks'] as const) {
      const [e, a] = score(ties, tiesCur, test);
      expect(a).toBeCloseTo(e, 12);
    }
  });
});
