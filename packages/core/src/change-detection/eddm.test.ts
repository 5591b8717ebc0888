import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { EddmDetector } from './eddm.js';

describe('EddmDetector, hand-computed distances between errors', () => {
  it('warns below alpha and signals drift below beta of the maximum p + 2s', () => {
    // warm start 2; errors at samples 1, 3, 6, 7, 8 -> distances 1, 2, 3, 1, 1.
    // After distance 2: mean 1.5, var 0.5, p+2s = 2.914214 (maximum).
    // After 3: mean 2, var 1, p+2s = 4 (maximum).
    // After 1: mean 1.75, var 0.916667, p+2s = 3.664854, level 0.916214 -> warning (< 0.95).
    // After 1: mean 1.6, var 0.8, p+2s = 3.388854, level 0.847214 -> drift (< 0.9).
    const detector = new EddmDetector({ warmStart: 2 });
    const states = [1, 0, 1, 0, 0, 1, 1, 1].map((x) => {
      detector.update(x);
      return [detector.warningDetected, detector.driftDetected];
    });
    expect(states.slice(0, 6).every(([warning, drift]) => !warning && !drift)).toBe(true);
    expect(states[6]).toEqual([true, false]);
    // As in river, the drift leaves the warning flag as it was.
    expect(states[7]).toEqual([true, true]);
    detector.update(0);
    expect([detector.warningDetected, detector.driftDetected]).toEqual([false, false]);
  });

  it('keeps the warning across correct predictions, since only errors move the statistics', () => {
    const detector = new EddmDetector({ warmStart: 2 });
    for (const x of [1, 0, 1, 0, 0, 1, 1]) detector.update(x);
    expect(detector.warningDetected).toBe(true);
    for (let i = 0; i < 5; i++) detector.update(0);
    expect(detector.warningDetected).toBe(true);
  });

  it('refuses alpha below beta and values other than 0 and 1', () => {
    expect(() => new EddmDetector({ alpha: 0.8, beta: 0.9 })).toThrow(/at least "beta"/);
    expect(() => new EddmDetector().update(2)).toThrow(SlipwayError);
  });

  it('uses river defaults', () => {
    const detector = new EddmDetector();
    expect([detector.warmStart, detector.alpha, detector.beta]).toEqual([30, 0.95, 0.9]);
  });
});
