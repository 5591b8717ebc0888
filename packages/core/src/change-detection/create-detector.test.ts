import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { AdwinDetector } from './adwin.js';
import { CHANGE_DETECTOR_NAMES } from './change-detector.js';
import { createDetector } from './create-detector.js';
import { DdmDetector } from './ddm.js';

function errorOf(action: () => unknown): SlipwayError {
  try {
    action();
  } catch (error) {
    if (error instanceof SlipwayError) return error;
    throw error;
  }
  throw new Error('expected a SlipwayError');
}

describe('createDetector', () => {
  it('builds every detector by name with defaults', () => {
    for (const name of CHANGE_DETECTOR_NAMES) {
      const detector = createDetector(name);
      expect(detector.name).toBe(name);
      expect(detector.driftDetected).toBe(false);
    }
    expect(createDetector('adwin')).toBeInstanceOf(AdwinDetector);
    expect(createDetector('ddm', { warmStart: 10 })).toBeInstanceOf(DdmDetector);
    expect(createDetector('ddm').warningDetected).toBe(false);
  });

  it('passes parameters through', () => {
    const adwin = createDetector('adwin', { delta: 0.01, clock: 1 });
    expect([adwin.delta, adwin.clock]).toEqual([0.01, 1]);
    expect(createDetector('page-hinkley', { mode: 'down' }).mode).toBe('down');
  });

  it('refuses unknown detectors and parameters with the accepted names', () => {
    const unknown = errorOf(() => createDetector('cusum'));
    expect(unknown.code).toBe('INVALID_ARGUMENT');
    expect(unknown.message).toContain('adwin, ddm, eddm, page-hinkley, kswin');
    const param = errorOf(() => createDetector('adwin', { window_size: 3 }));
    expect(param.code).toBe('INVALID_ARGUMENT');
    expect(param.message).toContain('delta, clock, maxBuckets, minWindowLength, gracePeriod');
  });

  it('refuses values of the wrong type or range, saying what is allowed', () => {
    const cases: [string, Record<string, unknown>, RegExp][] = [
      ['adwin', { delta: '0.1' }, /"delta" must be a number in \(0, 1\), got "0.1"/],
      ['ddm', { warmStart: -1 }, /"warmStart" must be an integer >= 0/],
      ['eddm', { beta: 0 }, /"beta" must be a number in \(0, 1\]/],
      ['page-hinkley', { mode: 'sideways' }, /"mode" must be one of up, down, both/],
      ['page-hinkley', { mode: 1 }, /"mode" must be "up", "down" or "both"/],
      ['kswin', { window: 'abc' }, /"window" must be an array/],
      ['kswin', { seed: 1.5 }, /"seed" must be an integer in \[0, 4294967295\]/],
    ];
    for (const [name, params, message] of cases) {
      const error = errorOf(() => createDetector(name, params));
      expect(error.code).toBe('INVALID_ARGUMENT');
      expect(error.message).toMatch(message);
    }
  });
});
