import { describe, expect, it } from 'vitest';
import type { CategoryKey } from '../drift/sample.js';
import { addFrequentItem, createFrequentItems, mergeFrequentItems } from './frequent-items.js';
import { createHyperLogLog, hllAdd, hllEstimate, hllMerge } from './hyperloglog.js';
import { KllSketch } from './kll-sketch.js';
import { hash64 } from './string-hash.js';
import { syntheticColumn } from './synthetic-columns.js';
import { cdfFromKll, weightAtMost } from './weighted-cdf.js';

/** sup over the sketch's steps of |F_sketch − F_exact|, the exact CDF from the sorted data. */
function supRankError(sketch: KllSketch, data: Float64Array): number {
  const sorted = Float64Array.from(data).sort();
  const cdf = cdfFromKll(sketch.toState());
  let worst = 0;
  let j = 0;
  for (let i = 0; i < cdf.values.length; i++) {
    const v = cdf.values[i]!;
    const below = i === 0 ? 0 : cdf.cumulative[i - 1]!;
    let jb = j;
    while (jb < sorted.length && sorted[jb]! < v) jb++;
    j = jb;
    while (j < sorted.length && sorted[j]! <= v) j++;
    worst = Math.max(worst, Math.abs(below - jb), Math.abs(weightAtMost(cdf, v) - j));
  }
  return worst / sorted.length;
}

describe('KLL sketch', () => {
  it('keeps every rank within 1% (k = 400) and preserves the total weight', () => {
    for (const seed of [1, 2, 3]) {
      const data = syntheticColumn('lognormal', 200_000, seed);
      const s = new KllSketch(400, seed);
      for (const v of data) s.update(v);
      expect(cdfFromKll(s.toState()).total).toBe(200_000);
      expect(supRankError(s, data)).toBeLessThan(0.01);
    }
  });
  it('is deterministic under a seed and round-trips through its state', () => {
    const data = syntheticColumn('normal', 50_000, 9);
    const a = new KllSketch(400, 7);
    const b = new KllSketch(400, 7);
    for (const v of data) {
      a.update(v);
      b.update(v);
    }
    expect(a.toState()).toEqual(b.toState());
    expect(KllSketch.fromState(JSON.parse(JSON.stringify(a.toState()))).toState()).toEqual(
      a.toState(),
    );
  });
  it('merges within the same bound', () => {
    const x = syntheticColumn('bimodal', 150_000, 4);
    const y = syntheticColumn('normal', 100_000, 5);
    const a = new KllSketch(400, 1);
    const b = new KllSketch(400, 2);
    for (const v of x) a.update(v);
    for (const v of y) b.update(v);
    a.merge(b);
    const all = new Float64Array(250_000);
    all.set(x);
    all.set(y, x.length);
    expect(a.n).toBe(250_000);
    expect(supRankError(a, all)).toBeLessThan(0.01);
  });
  it('is exact while it holds fewer than k values', () => {
    const s = new KllSketch(400, 1);
    for (const v of [3, 1, 2, 2]) s.update(v);
    const cdf = cdfFromKll(s.toState());
    expect([...cdf.values]).toEqual([1, 2, 3]);
    expect([...cdf.cumulative]).toEqual([1, 3, 4]);
  });
});

describe('HyperLogLog (p = 12, standard error 1.04/64 = 1.6%)', () => {
  it.each([1000, 20_000, 300_000])('estimates %i distinct strings within 5% (3 sigma)', (n) => {
    const hll = createHyperLogLog(12);
    for (let i = 0; i < n; i++) {
      const [hi, lo] = hash64(`user-${i}`);
      hllAdd(hll, hi, lo);
      hllAdd(hll, hi, lo);
    }
    expect(Math.abs(hllEstimate(hll) / n - 1)).toBeLessThan(0.05);
  });
  it('merges as the union', () => {
    const a = createHyperLogLog(12);
    const b = createHyperLogLog(12);
    for (let i = 0; i < 60_000; i++) hllAdd(a, ...hash64(`k${i}`));
    for (let i = 30_000; i < 90_000; i++) hllAdd(b, ...hash64(`k${i}`));
    expect(Math.abs(hllEstimate(hllMerge(a, b)) / 90_000 - 1)).toBeLessThan(0.05);
    expect(() => hllMerge(a, createHyperLogLog(13))).toThrow(/precision 12 and 13/);
  });
});

describe('Misra-Gries frequent items', () => {
  it('gives lower bounds within n / (k + 1) and finds the heavy hitters', () => {
    const fi = createFrequentItems(10);
    const truth = new Map<CategoryKey, number>();
    for (let i = 0; i < 20_000; i++) {
      const key = i % 4 === 0 ? 'heavy' : i % 7 === 0 ? 'medium' : `rare-${i % 500}`;
      truth.set(key, (truth.get(key) ?? 0) + 1);
      addFrequentItem(fi, key);
    }
    const merged = mergeFrequentItems(fi, fi);
    for (const [summary, scale] of [
      [fi, 1],
      [merged, 2],
    ] as const) {
      expect(summary.maxUndercount).toBeLessThanOrEqual((20_000 * scale) / 11);
      for (const [key, est] of summary.counts) {
        const exact = truth.get(key)! * scale;
        expect(est).toBeLessThanOrEqual(exact);
        expect(exact - est).toBeLessThanOrEqual(summary.maxUndercount);
      }
      expect(summary.counts.has('heavy')).toBe(true);
    }
  });
});
