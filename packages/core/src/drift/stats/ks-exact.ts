/**
 * Exact two-sided p-values of the two-sample KS statistic, following SciPy 1.10's
 * `_attempt_exact_2kssamp` (Hodges 1958; the 1-p recursion of Viehmann 2021, arXiv:2102.08037).
 */

/** Pr(D_{n,n} >= h/n) for equal sample sizes, by the alternating sum folded Horner-style. */
function probOutsideSquare(n: number, h: number): number {
  let p = 0;
  for (let k = Math.floor(n / h); k >= 0; k--) {
    let p1 = 1;
    for (let j = 0; j < h; j++) p1 = ((n - k * h - j) * p1) / (n + k * h + j + 1);
    p = p1 * (1 - p);
  }
  return 2 * p;
}

/**
 * Share of lattice paths from (0,0) to (m,n) that leave the band |x/m - y/n| < h/lcm(m,n),
 * computed column by column over a sliding window: O(m * window) time, O(n) memory.
 */
function outerProbInside(mIn: number, nIn: number, g: number, h: number): number {
  const m = Math.max(mIn, nIn);
  const n = Math.min(mIn, nIn);
  const mg = m / g;
  const ng = n / g;
  let minj = 0;
  let maxj = Math.min(Math.ceil(h / mg), n + 1);
  let curlen = maxj - minj;
  const lenA = Math.min(2 * maxj + 2, n + 1);
  const a = new Float64Array(Math.max(lenA, n + 1)).fill(1);
  for (let j = minj; j < maxj; j++) a[j] = 0;
  for (let i = 1; i <= m; i++) {
    const lastminj = minj;
    const lastlen = curlen;
    minj = Math.min(Math.max(Math.floor((ng * i - h) / mg) + 1, 0), n);
    maxj = Math.min(Math.ceil((ng * i + h) / mg), n + 1);
    if (maxj <= minj) return 1;
    let val = minj === 0 ? 0 : 1;
    const width = maxj - minj;
    const shift = minj - lastminj;
    for (let jj = 0; jj < width; jj++) {
      const j = jj + minj;
      val = (a[jj + shift]! * i + val * j) / (i + j);
      a[jj] = val;
    }
    curlen = width;
    if (lastlen > curlen) a.fill(1, width, width + (lastlen - curlen));
  }
  return a[maxj - minj - 1]!;
}

/**
 * The exact two-sided p-value for statistic `d` (rounded to the lattice h/lcm as SciPy does),
 * or undefined when the computation is not numerically trustworthy (SciPy then falls back to
 * the asymptotic distribution).
 */
export function ksExactTwoSided(n1: number, n2: number, g: number, h: number): number | undefined {
  if (h === 0) return 1;
  const p = n1 === n2 ? probOutsideSquare(n1, h) : outerProbInside(n1, n2, g, h);
  if (!Number.isFinite(p) || p < 0 || p > 1) return undefined;
  return p;
}
