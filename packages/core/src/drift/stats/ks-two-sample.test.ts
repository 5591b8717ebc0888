import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { kolmogorovTwoSidedSf } from './kolmogorov-two-sided.js';
import { ksTwoSample } from './ks-two-sample.js';
import type { KsMethod } from './ks-two-sample.js';
import { smirnovSf } from './smirnov.js';

interface Golden {
  cases: {
    name: string;
    kind: string;
    reference: number[];
    current: number[];
    expected: { ks?: { statistic: number; pvalue: number } };
  }[];
}
interface Extra {
  kstwo_sf: { n: number; x: number; sf: number }[];
  smirnov_sf: { n: number; x: number; sf: number }[];
  ks_2samp: {
    name: string;
    method: KsMethod;
    reference: number[];
    current: number[];
    statistic: number;
    pvalue: number;
  }[];
  ks_formula: {
    name: string;
    current_power: number;
    current_n: number;
    statistic: number;
    pvalue: number;
  }[];
}
const fixture = (name: string): unknown =>
  createRequire(import.meta.url)(`../../../test/fixtures/${name}`) as unknown;
const golden = fixture('drift-stats.json') as Golden;
const extra = fixture('drift-extra.json') as Extra;

/** SciPy agreement: 1e-6 relative or 1e-12 absolute. */
function expectClose(actual: number, expected: number): void {
  const ok =
    Math.abs(actual - expected) <= 1e-12 ||
    Math.abs(actual - expected) <= 1e-6 * Math.abs(expected);
  if (!ok) expect(actual).toBe(expected);
}

describe('ksTwoSample against SciPy ks_2samp', () => {
  for (const c of golden.cases.filter((g) => g.expected.ks)) {
    it(`golden ${c.name}`, () => {
      const r = ksTwoSample(Float64Array.from(c.reference), Float64Array.from(c.current));
      expectClose(r.statistic, c.expected.ks!.statistic);
      expectClose(r.pvalue, c.expected.ks!.pvalue);
    });
  }
  for (const c of extra.ks_2samp) {
    it(`extra ${c.name} (${c.method})`, () => {
      const r = ksTwoSample(Float64Array.from(c.reference), Float64Array.from(c.current), c.method);
      expectClose(r.statistic, c.statistic);
      expectClose(r.pvalue, c.pvalue);
    });
  }
  for (const c of extra.ks_formula) {
    it(`exact p-value for ${c.name} is fast`, () => {
      const a = Float64Array.from({ length: 10000 }, (_, i) => (i * 0.6180339887498949) % 1);
      const b = Float64Array.from(
        { length: c.current_n },
        (_, j) => ((j * 0.41421356237309515) % 1) ** c.current_power,
      );
      const start = performance.now();
      const r = ksTwoSample(a, b);
      expect(performance.now() - start).toBeLessThan(3000);
      expectClose(r.statistic, c.statistic);
      expectClose(r.pvalue, c.pvalue);
    });
  }
});

describe('Kolmogorov distributions against SciPy', () => {
  it.each(extra.kstwo_sf)('kstwo.sf($x, $n)', ({ n, x, sf }) => {
    expectClose(kolmogorovTwoSidedSf(n, x), sf);
  });
  it.each(extra.smirnov_sf)('smirnov($n, $x)', ({ n, x, sf }) => {
    expectClose(smirnovSf(n, x), sf);
  });
});

describe('ksTwoSample contract', () => {
  it('leaves its inputs unsorted and unchanged', () => {
    const a = Float64Array.from([3, 1, 2]);
    const b = Float64Array.from([9, 0, 4, 5]);
    ksTwoSample(a, b);
    expect([...a]).toEqual([3, 1, 2]);
    expect([...b]).toEqual([9, 0, 4, 5]);
  });

  it('ignores NaN values', () => {
    const clean = ksTwoSample(Float64Array.from([1, 2, 3, 4]), Float64Array.from([2.5, 5, 6]));
    const dirty = ksTwoSample(
      Float64Array.from([1, NaN, 2, 3, 4]),
      Float64Array.from([NaN, 2.5, 5, 6]),
    );
    expect(dirty).toEqual(clean);
  });

  it('gives D = 1 for disjoint samples (hand-computed: p = 2 / C(6,3) = 0.1)', () => {
    const r = ksTwoSample(Float64Array.from([1, 2, 3]), Float64Array.from([4, 5, 6]));
    expect(r.statistic).toBe(1);
    expect(r.pvalue).toBeCloseTo(0.1, 12);
  });

  it('refuses an empty sample', () => {
    expect(() => ksTwoSample(new Float64Array(0), Float64Array.from([1]))).toThrow(
      /at least one value/,
    );
  });
});
