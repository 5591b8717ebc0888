import { alignedCounts } from '../sample.js';
import type { CategoryKey } from '../sample.js';
import { fisherExact2x2 } from '../stats/fisher-exact.js';
import { permutationTvdSeed, tvdPermutationTest } from '../stats/permutation-tvd.js';
import { chiSquareGoodnessOfFit, gTest as gTestStat } from '../stats/power-divergence.js';
import { twoProportionZ } from '../stats/two-proportion-z.js';
import { pBelow } from './stat-test.js';
import type { StatTest } from './stat-test.js';

/** Python's order for the keys Evidently sorts: false < true, numbers, then strings. */
function compareKeys(a: CategoryKey, b: CategoryKey): number {
  const rank = (k: CategoryKey): number =>
    typeof k === 'boolean' ? 0 : typeof k === 'number' ? 1 : 2;
  if (rank(a) !== rank(b)) return rank(a) - rank(b);
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return Number(a) - Number(b);
}

/** Chi-square goodness of fit of current counts against reference shares scaled to current. */
export const chiSquareTest: StatTest = {
  name: 'chisquare',
  displayName: 'chi-square p_value',
  columnTypes: ['categorical'],
  defaultThreshold: 0.05,
  scoreKind: 'p_value',
  isDrift: pBelow,
  score: (ref, cur) => {
    const { ref: r, cur: c } = alignedCounts(ref, cur);
    if (r.length < 2) return { skipped: 'chisquare needs at least two distinct values' };
    const scale = cur.size / ref.size;
    const expected = r.map((v) => v * scale);
    return { score: chiSquareGoodnessOfFit(c, expected).pvalue };
  },
};

/** Evidently's `z`: share of values other than the smallest category, pooled z-test. */
export const zTest: StatTest = {
  name: 'z',
  displayName: 'Z-test p_value',
  columnTypes: ['categorical'],
  defaultThreshold: 0.05,
  scoreKind: 'p_value',
  isDrift: pBelow,
  score: (ref, cur) => {
    const { keys, ref: r, cur: c } = alignedCounts(ref, cur);
    if (keys.length === 1) return { score: 1 };
    let first = 0;
    for (let i = 1; i < keys.length; i++) if (compareKeys(keys[i]!, keys[first]!) < 0) first = i;
    const x1 = ref.size - r[first]!;
    const x2 = cur.size - c[first]!;
    return { score: twoProportionZ(x1, ref.size, x2, cur.size).pvalue };
  },
};

/**
 * G-test of current counts against reference counts. Evidently passes the raw reference counts
 * as expected frequencies, which SciPy >= 1.9 refuses unless both sides have the same size; we
 * scale them to the current size (identical when sizes are equal).
 */
export const gTest: StatTest = {
  name: 'g_test',
  displayName: 'g_test',
  columnTypes: ['categorical'],
  defaultThreshold: 0.1,
  scoreKind: 'p_value',
  isDrift: pBelow,
  score: (ref, cur) => {
    const { ref: r, cur: c } = alignedCounts(ref, cur);
    if (r.length < 2) return { skipped: 'g_test needs at least two distinct values' };
    const scale = cur.size / ref.size;
    return {
      score: gTestStat(
        c,
        r.map((v) => v * scale),
      ).pvalue,
    };
  },
};

export const fisherExactTest: StatTest = {
  name: 'fisher_exact',
  displayName: "Fisher's Exact test",
  columnTypes: ['categorical'],
  defaultThreshold: 0.1,
  scoreKind: 'p_value',
  isDrift: pBelow,
  score: (ref, cur) => {
    const { ref: r, cur: c } = alignedCounts(ref, cur);
    if (r.length > 2) {
      return { skipped: `fisher_exact needs binary data; found ${r.length} distinct values` };
    }
    return { score: fisherExact2x2(c[0]!, c[1] ?? 0, r[0]!, r[1] ?? 0) };
  },
};

/** Evidently's `TVD` scores the permutation p-value of the total variation distance. */
export const tvdTest: StatTest = {
  name: 'TVD',
  displayName: 'Total-Variation-Distance',
  columnTypes: ['categorical'],
  defaultThreshold: 0.1,
  scoreKind: 'p_value',
  isDrift: pBelow,
  score: (ref, cur) => {
    const { ref: r, cur: c } = alignedCounts(ref, cur);
    return { score: tvdPermutationTest(r, c, 1000, permutationTvdSeed).pvalue };
  },
};
