import { totalVariationDistance } from './distribution-distances.js';
import { seededRandom, shuffleFront } from './random.js';

/** Evidently seeds NumPy with 0 before its permutations; we seed our own generator with 0. */
export const permutationTvdSeed = 0;

export interface PermutationResult {
  statistic: number;
  pvalue: number;
}

/**
 * Total variation distance between two category-count vectors and its permutation p-value:
 * Evidently's `permutation_test` (1000 relabellings, p = share of permuted distances >= the
 * observed one), seeded with `seed` for reproducibility. Each relabelling draws only the smaller
 * side, so the cost is iterations x min(n_ref, n_cur).
 */
export function tvdPermutationTest(
  ref: Float64Array,
  cur: Float64Array,
  iterations = 1000,
  seed = permutationTvdSeed,
): PermutationResult {
  const k = ref.length;
  const observed = totalVariationDistance(ref, cur);
  let nRef = 0;
  let nCur = 0;
  for (let i = 0; i < k; i++) {
    nRef += ref[i]!;
    nCur += cur[i]!;
  }
  const pooled = new Int32Array(nRef + nCur);
  let pos = 0;
  for (let c = 0; c < k; c++) {
    const total = ref[c]! + cur[c]!;
    for (let t = 0; t < total; t++) pooled[pos++] = c;
  }
  const random = seededRandom(seed);
  const drawRef = nRef <= nCur;
  const draw = drawRef ? nRef : nCur;
  const drawn = new Float64Array(k);
  const rest = new Float64Array(k);
  let atLeast = 0;
  for (let it = 0; it < iterations; it++) {
    shuffleFront(pooled, draw, random);
    drawn.fill(0);
    for (let i = 0; i < draw; i++) drawn[pooled[i]!]!++;
    for (let c = 0; c < k; c++) rest[c] = ref[c]! + cur[c]! - drawn[c]!;
    const d = drawRef ? totalVariationDistance(drawn, rest) : totalVariationDistance(rest, drawn);
    if (observed <= Math.abs(d)) atLeast++;
  }
  return { statistic: observed, pvalue: atLeast / iterations };
}
