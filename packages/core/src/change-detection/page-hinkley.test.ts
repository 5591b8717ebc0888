import { describe, expect, it } from 'vitest';
import { PageHinkleyDetector } from './page-hinkley.js';
import type { PageHinkleyOptions } from './page-hinkley.js';

function driftsOf(options: PageHinkleyOptions, stream: number[]): number[] {
  const detector = new PageHinkleyDetector(options);
  const found: number[] = [];
  stream.forEach((x, i) => {
    detector.update(x);
    if (detector.driftDetected) found.push(i);
  });
  return found;
}

describe('PageHinkleyDetector, hand-computed cumulative sums', () => {
  // delta 0.005, no fading, [0, 0, 0, 0, 10]: the sum goes -0.005, -0.01, -0.015, -0.02 (the
  // minimum), then the mean is 2 and the sum -0.02 + (10 - 2) - 0.005 = 7.975: 7.995 above its minimum.
  const step = [0, 0, 0, 0, 10];
  const base = { minInstances: 1, alpha: 1, mode: 'up' as const };

  it('signals when the sum rises strictly more than the threshold above its minimum', () => {
    expect(driftsOf({ ...base, threshold: 7.99 }, step)).toEqual([4]);
    expect(driftsOf({ ...base, threshold: 7.996 }, step)).toEqual([]);
  });

  it('waits for minInstances values', () => {
    expect(driftsOf({ ...base, threshold: 7.99, minInstances: 5 }, step)).toEqual([4]);
    expect(driftsOf({ ...base, threshold: 7.99, minInstances: 6 }, step)).toEqual([]);
  });

  it('watches decreases in mode down and both, not in mode up', () => {
    // [10, 10, 10, 10, 0], delta 0: the decrease sum stays 0 (its maximum), then mean 8, sum -8.
    const drop = [10, 10, 10, 10, 0];
    const options = { minInstances: 1, alpha: 1, delta: 0, threshold: 7.99 };
    expect(driftsOf({ ...options, mode: 'down' }, drop)).toEqual([4]);
    expect(driftsOf({ ...options, mode: 'both' }, drop)).toEqual([4]);
    expect(driftsOf({ ...options, mode: 'up' }, drop)).toEqual([]);
    expect(driftsOf({ ...options, mode: 'down' }, step)).toEqual([]);
  });

  it('fades the sum by alpha', () => {
    // [0, 4, 4], delta 0: means 0, 2, 8/3; deviations 0, 2, 4/3.
    // alpha 1: sum 2 + 4/3 = 3.33 > 3; alpha 0.5: 0.5 * 2 + 4/3 = 2.33.
    const options = { minInstances: 1, delta: 0, threshold: 3, mode: 'up' as const };
    expect(driftsOf({ ...options, alpha: 1 }, [0, 4, 4])).toEqual([2]);
    expect(driftsOf({ ...options, alpha: 0.5 }, [0, 4, 4])).toEqual([]);
    expect(driftsOf({ ...options, alpha: 0.5, threshold: 2.3 }, [0, 4, 4])).toEqual([2]);
  });

  it('starts afresh at the update after a drift', () => {
    const options = { ...base, threshold: 7.99 };
    const suffix = [3, 3, 3, 3, 13, 1, 1];
    const afterDrift = driftsOf(options, [...step, ...suffix]).map((i) => i - step.length);
    expect(afterDrift).toEqual([-1, ...driftsOf(options, suffix)]);
    expect(driftsOf(options, suffix)).toEqual([4]);
  });

  it('uses river defaults', () => {
    const detector = new PageHinkleyDetector();
    expect([detector.minInstances, detector.delta, detector.threshold, detector.alpha]).toEqual([
      30,
      0.005,
      50,
      1 - 0.0001,
    ]);
    expect(detector.mode).toBe('both');
    expect(detector.driftDetected).toBe(false);
  });
});
