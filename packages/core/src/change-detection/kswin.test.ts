import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../deployments/seeded-random.js';
import { SlipwayError } from '../errors.js';
import { KswinDetector } from './kswin.js';

describe('KswinDetector', () => {
  it('tests only once the window is full', () => {
    const detector = new KswinDetector({ windowSize: 10, statSize: 5 });
    for (let i = 0; i < 9; i++) {
      detector.update(0);
      expect(detector.pValue).toBe(0);
    }
    detector.update(0);
    // Identical samples: statistic 0, p-value 1.
    expect(detector.pValue).toBeCloseTo(1, 12);
    expect(detector.driftDetected).toBe(false);
  });

  it('signals a step once the recent values all differ from the older ones (exact KS p-values)', () => {
    // Window 10, stat 5; ten 0s, then 1s. With j new values among the recent 5 and only 0s in the
    // older part, D = j / 5 whichever older values are drawn. Exact two-sided p for 5 against 5:
    // D = 1 -> 2 / C(10, 5) = 2/252; D = 0.8 -> 20/252.
    const detector = new KswinDetector({ windowSize: 10, statSize: 5, alpha: 0.01 });
    const pValues: number[] = [];
    const drifts: number[] = [];
    [...Array<number>(10).fill(0), ...Array<number>(5).fill(1)].forEach((x, i) => {
      detector.update(x);
      pValues.push(detector.pValue);
      if (detector.driftDetected) drifts.push(i);
    });
    expect(drifts).toEqual([14]);
    expect(pValues[13]).toBeCloseTo(20 / 252, 12);
    expect(pValues[14]).toBeCloseTo(2 / 252, 12);
  });

  it('empties its window at the update after a drift, and accepts a starting window', () => {
    const detector = new KswinDetector({
      windowSize: 10,
      statSize: 5,
      alpha: 0.01,
      window: [0, 0, 0, 0, 0, 0, 0, 0, 0],
    });
    for (let i = 0; i < 5; i++) detector.update(1);
    // The starting window made the first update a full window; five 1s later, D = 1.
    expect(detector.driftDetected).toBe(true);
    detector.update(1);
    expect(detector.driftDetected).toBe(false);
    expect(detector.pValue).toBe(0);
  });

  it('samples the older part reproducibly from its seed', () => {
    const random = mulberry32(7);
    const stream = Array.from({ length: 400 }, () => random());
    const pValuesFor = (seed: number): number[] => {
      const detector = new KswinDetector({ seed });
      return stream.map((x) => {
        detector.update(x);
        return detector.pValue;
      });
    };
    expect(pValuesFor(3)).toEqual(pValuesFor(3));
    expect(pValuesFor(3)).not.toEqual(pValuesFor(4));
  });

  it('refuses windows too small to sample statSize older values', () => {
    expect(() => new KswinDetector({ windowSize: 50, statSize: 30 })).toThrow(
      /windowSize >= 2 \* statSize/,
    );
    expect(() => new KswinDetector({ alpha: 1.5 })).toThrow(SlipwayError);
    expect(() => new KswinDetector({ window: [1, Number.NaN] })).toThrow(SlipwayError);
  });

  it('uses river defaults, with seed 0 where river leaves it unseeded', () => {
    const d = new KswinDetector();
    expect([d.alpha, d.windowSize, d.statSize, d.seed]).toEqual([0.005, 100, 30, 0]);
  });
});
