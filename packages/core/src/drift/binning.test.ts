import { describe, expect, it } from 'vitest';
import { fillEmptyShares, histogramCounts, linspace, sturgesEdges } from './binning.js';

describe('Sturges edges as numpy.histogram_bin_edges(bins="sturges")', () => {
  it('uses ceil(range / (range / (log2 n + 1))) equal bins over min..max', () => {
    // n = 100: log2(100) + 1 = 7.64 -> 8 bins over [0, 10].
    const edges = sturgesEdges(0, 10, 100);
    expect(edges.length).toBe(9);
    expect(edges[0]).toBe(0);
    expect(edges[8]).toBe(10);
    expect(edges[1]).toBeCloseTo(1.25, 15);
  });
  it('widens a constant column to [v - 0.5, v + 0.5] with one bin', () => {
    expect([...sturgesEdges(3, 3, 50)]).toEqual([2.5, 3.5]);
  });
  it('linspace ends exactly on stop', () => {
    const l = linspace(0.1, 0.7, 7);
    expect(l[6]).toBe(0.7);
    expect(l[3]).toBeCloseTo(0.4, 15);
  });
});

describe('histogramCounts as numpy.histogram with explicit edges', () => {
  it('counts [e_i, e_i+1) with the last bin closed', () => {
    const sorted = Float64Array.from([0, 1, 1, 2, 2.5, 3, 4]);
    expect([...histogramCounts(sorted, Float64Array.from([0, 1, 2, 3, 4]))]).toEqual([1, 2, 2, 2]);
  });
  it('ignores values outside the edges', () => {
    const sorted = Float64Array.from([-5, 0.5, 9]);
    expect([...histogramCounts(sorted, Float64Array.from([0, 1]))]).toEqual([1]);
  });
});

describe('fillEmptyShares (Evidently)', () => {
  it('fills with 0.0001 when the smallest share is larger', () => {
    expect([...fillEmptyShares(Float64Array.from([0.5, 0, 0.5]))]).toEqual([0.5, 0.0001, 0.5]);
  });
  it('fills with the smallest share / 1e6 when that share is at most 0.0001', () => {
    const filled = fillEmptyShares(Float64Array.from([0.99995, 0, 0.00005]));
    expect(filled[1]).toBeCloseTo(5e-11, 25);
  });
});
