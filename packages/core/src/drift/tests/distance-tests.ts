import { energyDistanceSorted, wassersteinDistanceSorted } from '../stats/cdf-distance.js';
import { empiricalMmd } from '../stats/empirical-mmd.js';
import { populationStd } from '../stats/moments.js';
import { seededRandom, shuffleFront } from '../stats/random.js';
import { distanceAbove, distanceAtOrAbove, pBelow } from './stat-test.js';
import type { StatTest } from './stat-test.js';

/** Evidently divides by the reference's population std, floored so constant columns still work. */
const MIN_NORM = 0.001;

export const wassersteinTest: StatTest = {
  name: 'wasserstein',
  displayName: 'Wasserstein distance (normed)',
  columnTypes: ['numerical'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  isDrift: distanceAtOrAbove,
  score: (ref, cur) => {
    const norm = Math.max(populationStd(ref.sorted()), MIN_NORM);
    return { score: wassersteinDistanceSorted(ref.sorted(), cur.sorted()) / norm };
  },
};

/** Evidently's `ed` flags drift only strictly above the threshold. */
export const energyDistanceTest: StatTest = {
  name: 'ed',
  displayName: 'Energy-distance',
  columnTypes: ['numerical'],
  defaultThreshold: 0.1,
  scoreKind: 'distance',
  isDrift: distanceAbove,
  score: (ref, cur) => ({ score: energyDistanceSorted(ref.sorted(), cur.sorted()) }),
};

/**
 * The MMD kernel matrix is quadratic in the number of values (Evidently builds it whole), so
 * larger sides are cut to this many values by a seeded random draw.
 */
export const MMD_MAX_VALUES_PER_SIDE = 1000;
/** Seed of the subsampling draw and of the 100 permutations. */
export const MMD_SEED = 0;

function subsample(values: Float64Array, max: number, seed: number): Float64Array {
  if (values.length <= max) return values;
  const order = Int32Array.from({ length: values.length }, (_, i) => i);
  shuffleFront(order, max, seededRandom(seed));
  const out = new Float64Array(max);
  for (let i = 0; i < max; i++) out[i] = values[order[i]!]!;
  return out;
}

export const empiricalMmdTest: StatTest = {
  name: 'empirical_mmd',
  displayName: 'empirical_mmd',
  columnTypes: ['numerical'],
  defaultThreshold: 0.1,
  scoreKind: 'p_value',
  isDrift: pBelow,
  score: (ref, cur) => {
    if (ref.size < 2 || cur.size < 2) {
      return { skipped: 'empirical_mmd needs at least two values on each side' };
    }
    const x = subsample(ref.sorted(), MMD_MAX_VALUES_PER_SIDE, MMD_SEED);
    const y = subsample(cur.sorted(), MMD_MAX_VALUES_PER_SIDE, MMD_SEED + 1);
    return { score: empiricalMmd(x, y, 100, MMD_SEED).pvalue };
  },
};
