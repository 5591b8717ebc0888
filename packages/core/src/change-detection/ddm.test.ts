import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { DdmDetector } from './ddm.js';

function trace(detector: DdmDetector, stream: number[]): string[] {
  return stream.map((x) => {
    detector.update(x);
    return detector.driftDetected ? 'drift' : detector.warningDetected ? 'warning' : '-';
  });
}

describe('DdmDetector, hand-computed p_i + s_i', () => {
  it('warns and then signals drift as p_i + s_i crosses p_min + 2 s_min and p_min + 3 s_min', () => {
    // warm start 4; stream 1,0,0,0,0,0 then errors.
    // i=4: p=0.2, s=sqrt(0.2*0.8/5)=0.178885, p+s=0.378885 (minimum)
    // i=5: p=1/6, s=0.152145, p+s=0.318812 (new minimum): warning above 0.470957, drift above 0.623102
    // i=6: p=2/7, p+s=0.456461 -> none; i=7: p=3/8, p+s=0.546163 -> warning
    // i=8: p=4/9, p+s=0.610079 -> warning; i=9: p=1/2, p+s=0.658114 -> drift
    const detector = new DdmDetector({ warmStart: 4 });
    expect(trace(detector, [1, 0, 0, 0, 0, 0, 1, 1, 1, 1])).toEqual([
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      '-',
      'warning',
      'warning',
      'drift',
    ]);
  });

  it('after a flawless warm start, the first error is a drift (s_min = 0)', () => {
    // p_min = s_min = 0, so any p_i + s_i > 0 exceeds p_min + 3 s_min.
    expect(trace(new DdmDetector({ warmStart: 2 }), [0, 0, 0, 1])).toEqual([
      '-',
      '-',
      '-',
      'drift',
    ]);
  });

  it('does not test during the warm start', () => {
    expect(trace(new DdmDetector({ warmStart: 4 }), [0, 0, 0, 1])).toEqual(['-', '-', '-', '-']);
  });

  it('starts afresh at the update after a drift', () => {
    const detector = new DdmDetector({ warmStart: 2 });
    trace(detector, [0, 0, 0, 1]);
    expect(detector.driftDetected).toBe(true);
    // Fresh again: three correct predictions, then the first error is again a drift.
    expect(trace(detector, [0, 0, 0, 1])).toEqual(['-', '-', '-', 'drift']);
  });

  it('takes only 0 and 1', () => {
    const detector = new DdmDetector();
    expect(() => detector.update(0.5)).toThrow(SlipwayError);
    expect(() => detector.update(Number.NaN)).toThrow(/1 for an error and 0/);
  });

  it('uses river defaults', () => {
    const detector = new DdmDetector();
    expect([detector.warmStart, detector.warningThreshold, detector.driftThreshold]).toEqual([
      30, 2, 3,
    ]);
  });
});
