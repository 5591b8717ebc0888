/** SciPy's relative tolerance for "as extreme as the observed table". */
const RELATIVE_TOLERANCE = 1 + 1e-14;

/**
 * Two-sided p-value of Fisher's exact test on the 2x2 table [[a, b], [c, d]], as SciPy
 * `fisher_exact`: the probability of all tables with the same margins that are no more likely
 * than the observed one. Hypergeometric probabilities are built by ratios from the mode, which
 * needs no factorials and keeps full relative precision.
 */
export function fisherExact2x2(a: number, b: number, c: number, d: number): number {
  const row1 = a + b;
  const row2 = c + d;
  const col1 = a + c;
  if (row1 === 0 || row2 === 0 || col1 === 0 || b + d === 0) return 1;
  const lo = Math.max(0, col1 - row2);
  const hi = Math.min(col1, row1);
  const size = hi - lo + 1;
  const weights = new Float64Array(size);
  const mode = Math.min(
    hi,
    Math.max(lo, Math.floor(((col1 + 1) * (row1 + 1)) / (row1 + row2 + 2))),
  );
  weights[mode - lo] = 1;
  // P(x+1)/P(x) = (row1 - x)(col1 - x) / ((x + 1)(row2 - col1 + x + 1))
  for (let x = mode; x < hi; x++) {
    const ratio = ((row1 - x) * (col1 - x)) / ((x + 1) * (row2 - col1 + x + 1));
    weights[x + 1 - lo] = weights[x - lo]! * ratio;
  }
  for (let x = mode; x > lo; x--) {
    const ratio = (x * (row2 - col1 + x)) / ((row1 - x + 1) * (col1 - x + 1));
    weights[x - 1 - lo] = weights[x - lo]! * ratio;
  }
  let total = 0;
  for (let i = 0; i < size; i++) total += weights[i]!;
  const observed = weights[a - lo]!;
  if (Math.abs(observed - 1) <= 1e-14) return 1;
  let tail = 0;
  for (let i = 0; i < size; i++)
    if (weights[i]! <= observed * RELATIVE_TOLERANCE) tail += weights[i]!;
  return Math.min(1, tail / total);
}
