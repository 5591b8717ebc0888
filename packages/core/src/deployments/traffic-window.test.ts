import { describe, expect, it } from 'vitest';
import { mulberry32 } from './seeded-random.js';
import { TrafficTally, TrafficWindow } from './traffic-window.js';

const T0 = 1_700_000_000_000;

function figures(windows: TrafficWindow[], now: number) {
  const tally = new TrafficTally();
  for (const window of windows) window.addTo(tally, now);
  return tally.figures();
}

/** Exact nearest-rank quantile: the value of rank ceil(q * n). */
function exactQuantile(sorted: number[], q: number): number {
  return sorted[Math.max(1, Math.ceil(q * sorted.length - 1e-9)) - 1] as number;
}

describe('TrafficWindow', () => {
  it('counts requests, server errors and client errors apart', () => {
    const window = new TrafficWindow(T0);
    window.record(T0 + 10, 5, 'ok');
    window.record(T0 + 20, 6, 'error');
    window.record(T0 + 1500, 7, 'client-error');
    window.record(T0 + 1600, 8, 'ok');
    expect(figures([window], T0 + 2000)).toMatchObject({
      requests: 4,
      errors: 1,
      clientErrors: 1,
      errorRate: 0.25,
      // Two seconds since counting began, not a quiet minute.
      rps: 2,
    });
  });

  it('forgets requests older than a minute and divides by the full minute once it has one', () => {
    const window = new TrafficWindow(T0);
    for (let second = 0; second < 90; second += 1) {
      for (let i = 0; i < second; i += 1) window.record(T0 + second * 1000 + i, 1, 'ok');
    }
    const now = T0 + 89_999;
    const stats = figures([window], now);
    // Seconds 30..89 are in the window: 30 + 31 + ... + 89 requests.
    expect(stats.requests).toBe(((30 + 89) * 60) / 2);
    expect(stats.rps).toBeCloseTo(stats.requests / 59.999, 9);
    expect(figures([window], T0 + 200_000).requests).toBe(0);
  });

  it('reads nothing as nulls and no rate', () => {
    expect(figures([new TrafficWindow(T0)], T0 + 5000)).toEqual({
      requests: 0,
      errors: 0,
      clientErrors: 0,
      errorRate: null,
      rps: 0,
      p50LatencyMs: null,
      p95LatencyMs: null,
      p99LatencyMs: null,
    });
  });

  it('estimates latency quantiles within half a bin of the exact ones', () => {
    const random = mulberry32(7);
    const window = new TrafficWindow(T0);
    const latencies: number[] = [];
    for (let i = 0; i < 5000; i += 1) {
      const ms = Math.round(Math.exp(random() * 8 - 2) * 1000) / 1000; // 0.14 ms .. 400 ms
      latencies.push(ms);
      window.record(T0 + (i % 50_000), ms, 'ok');
    }
    latencies.sort((a, b) => a - b);
    const stats = figures([window], T0 + 59_000);
    for (const [q, estimate] of [
      [0.5, stats.p50LatencyMs],
      [0.95, stats.p95LatencyMs],
      [0.99, stats.p99LatencyMs],
    ] as const) {
      const exact = exactQuantile(latencies, q);
      expect(Math.abs((estimate as number) - exact) / exact, `q=${q}`).toBeLessThanOrEqual(0.0325);
    }
  });

  it('merges windows as one: a deployment overall', () => {
    const a = new TrafficWindow(T0);
    const b = new TrafficWindow(T0 + 30_000);
    const both = new TrafficWindow(T0);
    for (let i = 0; i < 100; i += 1) {
      a.record(T0 + 40_000 + i, i, 'ok');
      b.record(T0 + 40_000 + i, 100 + i, i % 10 === 0 ? 'error' : 'ok');
      both.record(T0 + 40_000 + i, i, 'ok');
      both.record(T0 + 40_000 + i, 100 + i, i % 10 === 0 ? 'error' : 'ok');
    }
    const merged = figures([a, b], T0 + 45_000);
    expect(merged).toEqual(figures([both], T0 + 45_000));
    const [ta, tb] = [new TrafficTally(), new TrafficTally()];
    a.addTo(ta, T0 + 45_000);
    b.addTo(tb, T0 + 45_000);
    expect(new TrafficTally().merge(ta).merge(tb).figures()).toEqual(merged);
    expect(merged).toMatchObject({ requests: 200, errors: 10, errorRate: 0.05, rps: 200 / 45 });
  });

  it('drops a sample from before the ring, as after a clock step back', () => {
    const window = new TrafficWindow(T0);
    window.record(T0 + 60_000, 1, 'ok');
    window.record(T0, 1, 'ok');
    expect(figures([window], T0 + 60_000).requests).toBe(1);
  });
});
