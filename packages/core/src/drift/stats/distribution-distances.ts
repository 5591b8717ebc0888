/**
 * Distances between two discrete distributions given as same-length vectors of shares (or
 * counts, where noted), with SciPy's conventions for zeros.
 */

function normalised(p: ArrayLike<number>): Float64Array {
  let sum = 0;
  for (let i = 0; i < p.length; i++) sum += p[i]!;
  const out = new Float64Array(p.length);
  for (let i = 0; i < p.length; i++) out[i] = p[i]! / sum;
  return out;
}

/** SciPy `rel_entr`: x log(x/y), 0 when x = 0, infinite when y = 0 < x. */
function relEntr(x: number, y: number): number {
  if (x === 0 && y >= 0) return 0;
  if (x > 0 && y > 0) return x * Math.log(x / y);
  return Infinity;
}

/** Kullback-Leibler divergence D(p || q) after normalising both (SciPy `entropy(p, q)`). */
export function klDivergence(p: ArrayLike<number>, q: ArrayLike<number>): number {
  const pn = normalised(p);
  const qn = normalised(q);
  let sum = 0;
  for (let i = 0; i < pn.length; i++) sum += relEntr(pn[i]!, qn[i]!);
  return sum;
}

/** Jensen-Shannon distance (SciPy `distance.jensenshannon`); natural log unless `base` is given. */
export function jensenShannonDistance(
  p: ArrayLike<number>,
  q: ArrayLike<number>,
  base?: number,
): number {
  const pn = normalised(p);
  const qn = normalised(q);
  let js = 0;
  for (let i = 0; i < pn.length; i++) {
    const m = (pn[i]! + qn[i]!) / 2;
    js += relEntr(pn[i]!, m) + relEntr(qn[i]!, m);
  }
  if (base !== undefined) js /= Math.log(base);
  return Math.sqrt(js / 2);
}

/** Population stability index: sum of (ref - cur) * ln(ref / cur) over bins (shares, no zeros). */
export function populationStabilityIndex(ref: ArrayLike<number>, cur: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < ref.length; i++) sum += (ref[i]! - cur[i]!) * Math.log(ref[i]! / cur[i]!);
  return sum;
}

/** Total variation distance between two count vectors: half the L1 distance of their shares. */
export function totalVariationDistance(ref: ArrayLike<number>, cur: ArrayLike<number>): number {
  const r = normalised(ref);
  const c = normalised(cur);
  let sum = 0;
  for (let i = 0; i < r.length; i++) sum += Math.abs(r[i]! - c[i]!);
  return 0.5 * sum;
}

/** Hellinger distance between two share vectors: sqrt(1 - Bhattacharyya coefficient). */
export function hellingerDistance(ref: ArrayLike<number>, cur: ArrayLike<number>): number {
  let bc = 0;
  for (let i = 0; i < ref.length; i++) bc += Math.sqrt(ref[i]! * cur[i]!);
  return Math.sqrt(1 - Math.min(1, Math.max(0, bc)));
}
