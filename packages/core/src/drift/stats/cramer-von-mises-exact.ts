import { gcd } from './numeric.js';

/** Python's float floor division (CPython `float_floor_div`), exact where Math.floor(x / y) is not. */
function pyFloorDiv(x: number, y: number): number {
  const mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0 && y < 0 !== mod < 0) div -= 1;
  if (div === 0) return 0;
  let floored = Math.floor(div);
  if (div - floored > 0.5) floored += 1;
  return floored;
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/**
 * Exact p-value of the two-sample Cramér-von Mises statistic U for sample sizes m and n, by the
 * frequency-table recursion of Xiao, Gordon & Yan (2006), Algorithm 1, as SciPy implements it.
 * Meant for small samples (SciPy uses it up to 20 values each).
 */
export function cvmExactPValue(s: number, m: number, n: number): number {
  const lcm = (m / gcd(m, n)) * n;
  const a = lcm / m;
  const b = lcm / n;
  const mn = m * n;
  const zeta = pyFloorDiv(lcm ** 2 * (m + n) * (6 * s - mn * (4 * mn - 1)), 6 * mn ** 2);
  let gs: Map<number, number>[] = [new Map([[0, 1]])];
  for (let v = 1; v <= m; v++) gs.push(new Map());
  for (let u = 0; u <= n; u++) {
    const next: Map<number, number>[] = [];
    let tmp = new Map<number, number>();
    for (let v = 0; v <= m; v++) {
      const merged = new Map<number, number>();
      const add = (a * v - b * u) ** 2;
      for (const [value, freq] of tmp) merged.set(value + add, freq);
      for (const [value, freq] of gs[v]!) {
        const key = value + add;
        merged.set(key, (merged.get(key) ?? 0) + freq);
      }
      tmp = merged;
      next.push(tmp);
    }
    gs = next;
  }
  let tail = 0;
  for (const [value, freq] of gs[m]!) if (value >= zeta) tail += freq;
  return tail / binomial(m + n, m);
}
