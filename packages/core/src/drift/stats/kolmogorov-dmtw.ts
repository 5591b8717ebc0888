import { ldexp } from './numeric.js';

const E128 = 128;
const P128 = 2 ** 128;
const M128 = 2 ** -128;

function matmul(a: Float64Array, b: Float64Array, m: number): Float64Array {
  const out = new Float64Array(m * m);
  for (let i = 0; i < m; i++) {
    const row = i * m;
    for (let k = 0; k < m; k++) {
      const aik = a[row + k]!;
      if (aik === 0) continue;
      const brow = k * m;
      for (let j = 0; j < m; j++) out[row + j]! += aik * b[brow + j]!;
    }
  }
  return out;
}

/**
 * Pr(D_n <= d) for the two-sided one-sample KS statistic: Durbin's matrix method as arranged by
 * Marsaglia, Tsang and Wang (2003), with the power-of-two rescaling SciPy's `_kolmogn_DMTW` uses.
 */
export function kolmogorovCdfDmtw(n: number, d: number): number {
  if (d >= 1) return 1;
  const nd = n * d;
  if (nd <= 0.5) return 0;
  const k = Math.ceil(nd);
  const h = k - nd;
  const m = 2 * k - 1;
  const v = new Float64Array(m);
  const w = new Float64Array(m);
  let fac = 1;
  for (let j = 1; j <= m; j++) {
    w[j - 1] = fac;
    fac /= j;
    v[j - 1] = (1 - h ** j) * fac;
  }
  const tt = Math.max(2 * h - 1, 0) ** m - 2 * h ** m;
  v[m - 1] = (1 + tt) * fac;

  let hm: Float64Array = new Float64Array(m * m);
  for (let i = 1; i < m; i++) {
    for (let r = i - 1; r < m; r++) hm[r * m + i] = w[r - i + 1]!;
  }
  for (let r = 0; r < m; r++) hm[r * m] = v[r]!;
  for (let c = 0; c < m; c++) hm[(m - 1) * m + c] = v[m - 1 - c]!;

  let pw: Float64Array = new Float64Array(m * m);
  for (let i = 0; i < m; i++) pw[i * m + i] = 1;
  let nn = n;
  let expnt = 0;
  let hExpnt = 0;
  const diag = (k - 1) * m + (k - 1);
  while (nn > 0) {
    if (nn % 2 === 1) {
      pw = matmul(pw, hm, m);
      expnt += hExpnt;
    }
    nn = Math.floor(nn / 2);
    if (nn === 0) break;
    hm = matmul(hm, hm, m);
    hExpnt *= 2;
    if (Math.abs(hm[diag]!) > P128) {
      for (let i = 0; i < hm.length; i++) hm[i]! /= P128;
      hExpnt += E128;
    }
  }
  let p = pw[diag]!;
  for (let i = 1; i <= n; i++) {
    p = (i * p) / n;
    if (Math.abs(p) < M128) {
      p *= P128;
      expnt -= E128;
    }
  }
  return ldexp(p, expnt);
}
