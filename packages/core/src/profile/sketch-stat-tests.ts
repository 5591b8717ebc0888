import { fillEmptyShares, sturgesEdges } from '../drift/binning.js';
import { MAX_VALUES_AS_BINS } from '../drift/binned-shares.js';
import {
  jensenShannonDistance,
  klDivergence,
  populationStabilityIndex,
} from '../drift/stats/distribution-distances.js';
import { studentTwoSidedP } from '../drift/stats/t-test.js';
import type { StatTestOutcome } from '../drift/tests/stat-test.js';
import { KLL_RANK_ERROR } from './kll-sketch.js';
import { ksPValue, ksStatisticFromCdfs } from './ks-from-cdf.js';
import type { ProfileSide } from './profile-side.js';
import { weightAtMost, weightBelow } from './weighted-cdf.js';
import type { WeightedCdf } from './weighted-cdf.js';

type NumericalSide = Extract<ProfileSide, { kind: 'numerical' }>;

/** Drift's wasserstein norm floor (tests/distance-tests.ts). */
const MIN_NORM = 0.001;

/** ∫ |F_a − F_b| dx between two step CDFs, as SciPy's `_cdf_distance` with p = 1. */
export function wassersteinFromCdfs(a: WeightedCdf, b: WeightedCdf): number {
  let i = 0;
  let j = 0;
  let total = 0;
  let prev = Math.min(a.values[0]!, b.values[0]!);
  let diff = 0;
  while (i < a.values.length || j < b.values.length) {
    const v =
      j >= b.values.length || (i < a.values.length && a.values[i]! <= b.values[j]!)
        ? a.values[i]!
        : b.values[j]!;
    total += Math.abs(diff) * (v - prev);
    prev = v;
    while (i < a.values.length && a.values[i] === v) i++;
    while (j < b.values.length && b.values[j] === v) j++;
    diff =
      (i === 0 ? 0 : a.cumulative[i - 1]! / a.total) -
      (j === 0 ? 0 : b.cumulative[j - 1]! / b.total);
  }
  return total;
}

/** Shares per Sturges bin over both ranges: [e_i, e_i+1), the last bin closed (numpy). */
function binShares(cdf: WeightedCdf, edges: Float64Array): Float64Array {
  const bins = edges.length - 1;
  const out = new Float64Array(bins);
  let prev = weightBelow(cdf, edges[0]!);
  for (let i = 0; i < bins; i++) {
    const next =
      i === bins - 1 ? weightAtMost(cdf, edges[i + 1]!) : weightBelow(cdf, edges[i + 1]!);
    out[i] = (next - prev) / cdf.total;
    prev = next;
  }
  return out;
}

/**
 * Evidently's binning from CDFs: Sturges bins over the exact joint range when the reference has
 * more than 20 distinct values, else one bin per reference value plus one bin for everything
 * else in the current data (point masses read off the current CDF).
 */
export function sketchBinnedShares(
  ref: NumericalSide,
  cur: NumericalSide,
): { ref: Float64Array; cur: Float64Array } {
  if (ref.counts === undefined || ref.counts.size > MAX_VALUES_AS_BINS) {
    const min = Math.min(ref.moments.min, cur.moments.min);
    const max = Math.max(ref.moments.max, cur.moments.max);
    const edges = sturgesEdges(min, max, ref.n + cur.n);
    return { ref: binShares(ref.cdf(), edges), cur: binShares(cur.cdf(), edges) };
  }
  const keys = [...ref.counts.keys()];
  const r = new Float64Array(keys.length + 1);
  const c = new Float64Array(keys.length + 1);
  const cdf = cur.cdf();
  let named = 0;
  keys.forEach((v, i) => {
    r[i] = ref.counts!.get(v)! / ref.n;
    c[i] = (weightAtMost(cdf, v) - weightBelow(cdf, v)) / cdf.total;
    named += c[i]!;
  });
  c[keys.length] = Math.max(0, 1 - named);
  return { ref: r, cur: c };
}

type SketchScore = (ref: NumericalSide, cur: NumericalSide) => StatTestOutcome;

/** Tests computed from CDFs and moments, used when either side is a sketch. */
export const SKETCH_TESTS: Readonly<Record<string, SketchScore>> = {
  // Conservative: the p-value at D − (rank error of each sketched side), so sketch error alone
  // never flags drift; at 1M rows the sketch error (~0.5%) dwarfs KS sampling noise (~0.1%).
  ks: (ref, cur) => {
    const slack = (ref.exact ? 0 : KLL_RANK_ERROR) + (cur.exact ? 0 : KLL_RANK_ERROR);
    const d = ksStatisticFromCdfs(ref.cdf(), cur.cdf());
    return { score: ksPValue(Math.max(0, d - slack), ref.n, cur.n) };
  },
  wasserstein: (ref, cur) => {
    const norm = Math.max(Math.sqrt(ref.moments.m2 / ref.n), MIN_NORM);
    return { score: wassersteinFromCdfs(ref.cdf(), cur.cdf()) / norm };
  },
  jensenshannon: (ref, cur) => {
    const b = sketchBinnedShares(ref, cur);
    return { score: jensenShannonDistance(b.ref, b.cur) };
  },
  psi: (ref, cur) => {
    const b = sketchBinnedShares(ref, cur);
    return { score: populationStabilityIndex(fillEmptyShares(b.ref), fillEmptyShares(b.cur)) };
  },
  kl_div: (ref, cur) => {
    const b = sketchBinnedShares(ref, cur);
    return { score: klDivergence(fillEmptyShares(b.ref), fillEmptyShares(b.cur)) };
  },
  // Exact: Student's t needs only counts, means and sums of squared deviations.
  t_test: (ref, cur) => {
    const df = ref.n + cur.n - 2;
    if (df < 1) return { skipped: 't_test needs at least three values in total' };
    const pooled = (ref.moments.m2 + cur.moments.m2) / df;
    const t = (ref.moments.mean - cur.moments.mean) / Math.sqrt(pooled * (1 / ref.n + 1 / cur.n));
    return { score: studentTwoSidedP(t, df) };
  },
};
