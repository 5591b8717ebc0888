import { roundHalfEven } from './numeric.js';
import { seededRandom, shuffleFront } from './random.js';

export interface MmdResult {
  statistic: number;
  pvalue: number;
}

/** k-th smallest value (0-based) by quickselect; reorders `values`. */
function select(values: Float64Array, k: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (lo < hi) {
    const pivot = values[(lo + hi) >>> 1]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        const t = values[i]!;
        values[i] = values[j]!;
        values[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return values[k]!;
  }
  return values[k]!;
}

/** Squared distance written as Evidently's `squared_paired_dist` evaluates it. */
function sqDist(x: number, y: number): number {
  return y * y - 2 * (x * y) + x * x;
}

/**
 * Evidently's `empirical_mmd`: the unbiased squared MMD with a Gaussian kernel whose width is
 * the median heuristic on the reference's own pairwise squared distances, and a permutation
 * p-value over 100 relabellings (share of permuted MMDs >= the observed one). The permutations
 * use our seeded generator, so p-values match Evidently's only statistically. Memory and time
 * are quadratic in the number of values, so callers bound the sample sizes.
 */
export function empiricalMmd(
  x: Float64Array,
  y: Float64Array,
  iterations = 100,
  seed = 0,
): MmdResult {
  const nx = x.length;
  const ny = y.length;
  const n = nx + ny;
  const pairs = new Float64Array(nx * nx);
  for (let i = 0; i < nx; i++)
    for (let j = 0; j < nx; j++) pairs[i * nx + j] = sqDist(x[i]!, x[j]!);
  const median = select(pairs, roundHalfEven((pairs.length - 1) * 0.5));
  let sigma = Math.sqrt(0.5 * median);
  if (sigma === 0 || Number.isNaN(sigma)) sigma = Math.sqrt(0.5);
  const gamma = 1 / (2 * sigma * sigma);
  const all = new Float64Array(n);
  all.set(x);
  all.set(y, nx);
  const kernel = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      if (i === j) continue;
      // Evidently builds the cross block as rbf(x, y) and mirrors it; keep the same argument order.
      const d = i < nx || j >= nx ? sqDist(all[i]!, all[j]!) : sqDist(all[j]!, all[i]!);
      kernel[i * n + j] = Math.exp(-gamma * d);
    }
  }
  const member = new Uint8Array(n);
  const mmdOf = (): number => {
    let sxx = 0;
    let syy = 0;
    let sxy = 0;
    for (let i = 0; i < n; i++) {
      const row = i * n;
      const mi = member[i];
      for (let j = 0; j < n; j++) {
        const kv = kernel[row + j]!;
        if (mi === 1 && member[j] === 1) sxx += kv;
        else if (mi === 0 && member[j] === 0) syy += kv;
        else if (mi === 0) sxy += kv;
      }
    }
    return sxx / (nx * (nx - 1)) + syy / (ny * (ny - 1)) - (2 * sxy) / (nx * ny);
  };
  for (let i = 0; i < nx; i++) member[i] = 1;
  const observed = mmdOf();
  const order = Int32Array.from({ length: n }, (_, i) => i);
  const random = seededRandom(seed);
  let atLeast = 0;
  for (let it = 0; it < iterations; it++) {
    shuffleFront(order, nx, random);
    member.fill(0);
    for (let i = 0; i < nx; i++) member[order[i]!] = 1;
    if (observed <= mmdOf()) atLeast++;
  }
  return { statistic: observed, pvalue: atLeast / iterations };
}
