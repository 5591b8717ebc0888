import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { AdwinDetector } from './adwin.js';

function driftsOf(detector: AdwinDetector, stream: Iterable<number>): number[] {
  const found: number[] = [];
  let i = 0;
  for (const x of stream) {
    detector.update(x);
    if (detector.driftDetected) found.push(i);
    i++;
  }
  return found;
}

function* repeat(value: number, times: number): Generator<number> {
  for (let i = 0; i < times; i++) yield value;
}

describe('AdwinDetector', () => {
  it('keeps the exact mean and variance of its window through bucket merges', () => {
    // clock so large that no cut is looked for: the window holds all 200 values, merged into buckets.
    const detector = new AdwinDetector({ clock: 1_000_000 });
    const values = Array.from({ length: 200 }, (_, i) => i % 7);
    for (const v of values) detector.update(v);
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const variance = values.reduce((a, v) => a + (v - mean) ** 2, 0) / values.length;
    expect(detector.width).toBe(200);
    expect(detector.estimation).toBeCloseTo(mean, 12);
    expect(detector.windowVariance).toBeCloseTo(variance, 9);
  });

  it('never cuts a constant stream', () => {
    expect(driftsOf(new AdwinDetector(), repeat(1, 5000))).toEqual([]);
  });

  it('looks for cuts only every `clock` values', () => {
    // 0s then 100s: the first check with enough new values is at a multiple of the clock.
    const stream = [...repeat(0, 200), ...repeat(100, 200)];
    const [first] = driftsOf(new AdwinDetector({ clock: 32 }), stream);
    expect((first! + 1) % 32).toBe(0);
    const [firstEvery] = driftsOf(new AdwinDetector({ clock: 1 }), stream);
    expect(firstEvery).toBeGreaterThanOrEqual(200);
    expect(firstEvery).toBeLessThan(first!);
  });

  it('does not look for cuts within the grace period', () => {
    const stream = [...repeat(0, 50), ...repeat(1000, 50)];
    expect(driftsOf(new AdwinDetector({ gracePeriod: 100, clock: 1 }), stream)).toEqual([]);
    expect(driftsOf(new AdwinDetector({ gracePeriod: 10, clock: 1 }), stream).length).toBe(1);
  });

  it('starts afresh with an empty window at the update after a drift', () => {
    const detector = new AdwinDetector({ clock: 1 });
    const [first] = driftsOf(detector, [...repeat(0, 500), ...repeat(100, 500)]);
    expect(first).toBeDefined();
    const fresh = new AdwinDetector({ clock: 1 });
    const restarted = new AdwinDetector({ clock: 1 });
    driftsOf(restarted, [...repeat(0, 500), ...repeat(100, first! - 499)]);
    expect(restarted.driftDetected).toBe(true);
    restarted.update(50);
    fresh.update(50);
    expect(restarted.width).toBe(1);
    expect(restarted.estimation).toBe(fresh.estimation);
  });

  it('refuses non-finite values and out-of-range parameters', () => {
    expect(() => new AdwinDetector().update(Number.NaN)).toThrow(SlipwayError);
    expect(() => new AdwinDetector({ delta: 0 })).toThrow(/"delta" must be a number in \(0, 1\)/);
    expect(() => new AdwinDetector({ clock: 0.5 })).toThrow(/"clock" must be an integer >= 1/);
  });

  it('uses river defaults', () => {
    const d = new AdwinDetector();
    expect([d.delta, d.clock, d.maxBuckets, d.minWindowLength, d.gracePeriod]).toEqual([
      0.002, 32, 5, 5, 10,
    ]);
    expect(d.estimation).toBe(0);
  });
});
