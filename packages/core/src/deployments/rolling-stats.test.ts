import { describe, expect, it } from 'vitest';
import {
  LATENCY_BIN_COUNT,
  latencyBin,
  latencyBinLowerMs,
  latencyBinWidthMs,
} from './latency-bins.js';
import { sampleStandardNormal } from './random-variates.js';
import { RollingStats } from './rolling-stats.js';
import { mulberry32 } from './seeded-random.js';

const T0 = 1_700_000_000_000;

/** Exact nearest-rank quantile: the value of rank ceil(q * n), q given in percent. */
function exactQuantile(sorted: number[], percent: number): number {
  const rank = Math.max(1, Math.floor((percent * sorted.length + 99) / 100));
  return sorted[rank - 1] as number;
}

describe('latency bins', () => {
  it('place every latency in a bin at most 1/16 of its value wide', () => {
    const random = mulberry32(11);
    const wrong: number[] = [];
    for (let i = 0; i < 20_000; i += 1) {
      const ms = Math.exp(random() * 20 - 8); // 0.0003 ms .. 8 minutes
      const micros = Math.round(ms * 1000);
      const bin = latencyBin(ms);
      const lower = latencyBinLowerMs(bin);
      const width = latencyBinWidthMs(bin);
      const inside = lower * 1000 <= micros + 1e-9 && micros < (lower + width) * 1000 - 1e-9;
      const narrow = micros < 16 || width <= lower / 16 + 1e-12;
      if (!inside || !narrow) wrong.push(ms);
    }
    expect(wrong).toEqual([]);
  });

  it('are ordered like the latencies', () => {
    let previous = -1;
    const unordered: number[] = [];
    for (let micros = 0; micros < 200_000; micros += 7) {
      const bin = latencyBin(micros / 1000);
      if (bin < previous) unordered.push(micros);
      previous = bin;
    }
    expect(unordered).toEqual([]);
    expect(previous).toBeGreaterThan(16 * 10);
  });

  it('clamp values outside 0 .. 2^32 - 1 microseconds', () => {
    expect(latencyBin(-5)).toBe(0);
    expect(latencyBin(Number.NaN)).toBe(0);
    expect(latencyBin(1e12)).toBe(LATENCY_BIN_COUNT - 1);
    expect(latencyBin((2 ** 32 - 1) / 1000)).toBe(LATENCY_BIN_COUNT - 1);
  });
});

describe('RollingStats', () => {
  it('estimates p50, p95 and p99 within half a bin of the exact values', () => {
    const random = mulberry32(5);
    const stats = new RollingStats({ windowMs: 60_000 });
    const latencies: number[] = [];
    for (let i = 0; i < 12_345; i += 1) {
      // Log-normal around 20 ms with a heavy tail, at microsecond resolution.
      const ms =
        Math.round(Math.exp(Math.log(20) + 0.8 * sampleStandardNormal(random)) * 1000) / 1000;
      latencies.push(ms);
      stats.record(T0 + Math.floor((i / 12_345) * 59_000), ms, true);
    }
    const sorted = [...latencies].sort((a, b) => a - b);
    const snapshot = stats.snapshot(T0 + 59_999);
    expect(snapshot.requests).toBe(12_345);
    for (const [percent, estimate] of [
      [50, snapshot.p50LatencyMs],
      [95, snapshot.p95LatencyMs],
      [99, snapshot.p99LatencyMs],
    ] as const) {
      const exact = exactQuantile(sorted, percent);
      // A bin spans at most 1/16 of its values, so its middle is within 1/32 of any of them.
      expect(Math.abs(estimate - exact)).toBeLessThanOrEqual(exact / 32 + 0.001);
    }
  });

  it('is exact for latencies below 16 microseconds', () => {
    const stats = new RollingStats({ windowMs: 1_000 });
    for (let i = 1; i <= 20; i += 1) stats.record(T0, (i % 10) / 1000);
    // Values 1..9 twice and 0 twice (µs); rank ceil(0.95 * 20) = 19 is 9 µs.
    expect(stats.snapshot(T0).p95LatencyMs).toBeCloseTo(0.009, 12);
  });

  it('counts errors and reports the error rate', () => {
    const stats = new RollingStats({ windowMs: 10_000 });
    for (let i = 0; i < 200; i += 1) stats.record(T0 + i, 5, i % 40 !== 0);
    expect(stats.snapshot(T0 + 199)).toMatchObject({ requests: 200, errors: 5, errorRate: 0.025 });
  });

  it('slides: old buckets leave the window and the span can be shortened', () => {
    const stats = new RollingStats({ windowMs: 10_000, bucketMs: 1_000 });
    for (let i = 0; i < 5; i += 1) stats.record(500, 10, false);
    for (let i = 0; i < 3; i += 1) stats.record(9_500, 20, true);
    expect(stats.snapshot(9_999)).toMatchObject({ requests: 8, errors: 5 });
    // At 10.5 s the window (10 s, rounded up to whole buckets) still reaches back to bucket 0.
    expect(stats.snapshot(10_500)).toMatchObject({ requests: 8, coveredMs: 10_500 });
    expect(stats.snapshot(11_000)).toMatchObject({ requests: 3, errors: 0 });
    expect(stats.snapshot(9_999, 1_000)).toMatchObject({ requests: 3 });
    const empty = stats.snapshot(30_000);
    expect(empty.requests).toBe(0);
    expect(empty.errorRate).toBeNaN();
    expect(empty.p95LatencyMs).toBeNaN();
  });

  it('reuses a slot for a new bucket and drops samples older than the slot holds', () => {
    const stats = new RollingStats({ windowMs: 10_000, bucketMs: 1_000 }); // 11 slots
    stats.record(500, 10);
    stats.record(11_500, 30); // bucket 11 lands in slot 0 and clears bucket 0
    stats.record(600, 10); // late sample for bucket 0: dropped
    const snapshot = stats.snapshot(11_500);
    expect(snapshot.requests).toBe(1);
    expect(Math.abs(snapshot.p50LatencyMs - 30)).toBeLessThanOrEqual(30 / 32);
    stats.reset();
    expect(stats.snapshot(11_500).requests).toBe(0);
  });

  it('uses one-second buckets up to a minute and at most 60 buckets beyond', () => {
    expect(new RollingStats({ windowMs: 30_000 }).bucketMs).toBe(1_000);
    expect(new RollingStats({ windowMs: 3_600_000 }).bucketMs).toBe(60_000);
    expect(() => new RollingStats({ windowMs: 0 })).toThrow(/windowMs/u);
    expect(() => new RollingStats({ windowMs: 1_000, bucketMs: 0.5 })).toThrow(/bucketMs/u);
  });
});
