import { histogramCounts, sturgesEdges } from '../binning.js';
import { binnedShares } from '../binned-shares.js';
import { alignedCounts, distinctCountUpTo } from '../sample.js';
import type { DriftSample } from '../sample.js';
import {
  hellingerDistance,
  jensenShannonDistance,
  klDivergence,
  populationStabilityIndex,
} from '../stats/distribution-distances.js';
import { distanceAtOrAbove } from './stat-test.js';
import type { StatTest } from './stat-test.js';

export const jensenShannonTest: StatTest = {
  name: 'jensenshannon',
  displayName: 'Jensen-Shannon distance',
  columnTypes: ['categorical', 'numerical'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  isDrift: distanceAtOrAbove,
  // Evidently bins without filling empty bins here, and uses the natural logarithm.
  score: (ref, cur) => {
    const b = binnedShares(ref, cur, false);
    return { score: jensenShannonDistance(b.ref, b.cur) };
  },
};

export const psiTest: StatTest = {
  name: 'psi',
  displayName: 'PSI',
  columnTypes: ['categorical', 'numerical'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  isDrift: distanceAtOrAbove,
  score: (ref, cur) => {
    const b = binnedShares(ref, cur, true);
    return { score: populationStabilityIndex(b.ref, b.cur) };
  },
};

export const klDivTest: StatTest = {
  name: 'kl_div',
  displayName: 'Kullback-Leibler divergence',
  columnTypes: ['categorical', 'numerical'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  isDrift: distanceAtOrAbove,
  score: (ref, cur) => {
    const b = binnedShares(ref, cur, true);
    return { score: klDivergence(b.ref, b.cur) };
  },
};

/**
 * Evidently's numerical Hellinger distance: Sturges bins over the distinct values of both sides
 * (not over all values, unlike the other binned tests), NumPy density histograms, and the
 * Bhattacharyya sum weighted by the mean bin width.
 */
function numericalHellinger(ref: DriftSample, cur: DriftSample): number {
  const a = ref.sorted();
  const b = cur.sorted();
  const distinct = distinctCountUpTo(ref, cur, Infinity);
  const min = Math.min(a[0]!, b[0]!);
  const max = Math.max(a[a.length - 1]!, b[b.length - 1]!);
  const edges = sturgesEdges(min, max, distinct);
  const ca = histogramCounts(a, edges);
  const cb = histogramCounts(b, edges);
  const bins = edges.length - 1;
  const binWidth = (edges[bins]! - edges[0]!) / bins;
  let bc = 0;
  for (let i = 0; i < bins; i++) {
    const width = edges[i + 1]! - edges[i]!;
    const da = ca[i]! / width / a.length;
    const db = cb[i]! / width / b.length;
    bc += Math.sqrt(da * db) * binWidth;
  }
  return Math.sqrt(1 - Math.min(1, Math.max(0, bc)));
}

export const hellingerTest: StatTest = {
  name: 'hellinger',
  displayName: 'Hellinger distance',
  columnTypes: ['categorical', 'numerical'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  isDrift: distanceAtOrAbove,
  score: (ref, cur) => {
    if (ref.kind === 'numerical' && cur.kind === 'numerical') {
      return { score: numericalHellinger(ref, cur) };
    }
    const { ref: r, cur: c } = alignedCounts(ref, cur);
    for (let i = 0; i < r.length; i++) {
      r[i] = r[i]! / ref.size;
      c[i] = c[i]! / cur.size;
    }
    return { score: hellingerDistance(r, c) };
  },
};
