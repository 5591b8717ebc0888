import { describe, expect, it } from 'vitest';
import { mulberry32 } from './seeded-random.js';

describe('mulberry32', () => {
  it('repeats its sequence for a seed and differs between seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const first = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(first);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(first);
  });

  it('is uniform on [0, 1)', () => {
    const random = mulberry32(7);
    const n = 100_000;
    const counts = new Array<number>(10).fill(0);
    let outside = 0;
    for (let i = 0; i < n; i += 1) {
      const x = random();
      if (!(x >= 0 && x < 1)) outside += 1;
      const bin = Math.floor(x * 10);
      counts[bin] = (counts[bin] as number) + 1;
    }
    expect(outside).toBe(0);
    // Chi-square with 9 degrees of freedom; 27.9 is the 0.999 quantile.
    const expected = n / 10;
    const chi2 = counts.reduce((sum, c) => sum + (c - expected) ** 2 / expected, 0);
    expect(chi2).toBeLessThan(27.9);
  });
});
