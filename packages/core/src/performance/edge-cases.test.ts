import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { accuracy } from './accuracy.js';
import { logLoss } from './log-loss.js';
import { precisionRecallF1 } from './precision-recall-f1.js';
import { meanAbsoluteError, r2Score } from './regression-metrics.js';
import { rocAuc, rocAucOneVsRest } from './roc-auc.js';

function codeOf(action: () => unknown): string | undefined {
  try {
    action();
  } catch (error) {
    return error instanceof SlipwayError ? error.code : 'not a SlipwayError';
  }
  return undefined;
}

describe('performance metrics: edge cases', () => {
  it('gives null with a reason on empty input, never NaN', () => {
    for (const metric of [
      accuracy([], []),
      rocAuc([], []),
      rocAucOneVsRest([], [], ['a', 'b', 'c']),
      logLoss([], [], { classes: [0, 1] }),
      meanAbsoluteError([], []),
      r2Score([], []),
      ...Object.values(precisionRecallF1([], [], { average: 'macro' })),
    ]) {
      expect(metric.value).toBeNull();
      expect(metric).toHaveProperty('reason');
    }
  });

  it('gives null for ROC AUC when y_true holds one class', () => {
    const auc = rocAuc([1, 1, 1], [0.2, 0.5, 0.9]);
    expect(auc).toEqual({ value: null, reason: expect.stringMatching(/single class \(1\)/) });
    const ovr = rocAucOneVsRest(
      ['a', 'b', 'a'],
      [0.5, 0.3, 0.2, 0.1, 0.8, 0.1, 0.6, 0.2, 0.2],
      ['a', 'b', 'c'],
    );
    expect(ovr).toEqual({ value: null, reason: expect.stringMatching(/"c" never occurs/) });
  });

  it('ranks ties as half a pair (hand-computed)', () => {
    // scikit-learn's example: pairs (pos, neg) ranked right: 0.35 > 0.1, 0.8 > 0.1, 0.8 > 0.4 -> 3/4.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]).value).toBeCloseTo(0.75, 15);
    // One pair tied, one pair right: (0.5 + 1) / 2.
    expect(rocAuc([0, 1, 0, 1], [0.5, 0.5, 0.2, 0.9]).value).toBeCloseTo(0.875, 15);
    expect(rocAuc(['no', 'yes'], [0.3, 0.3]).value).toBe(0.5);
    // The positive class defaults to the greater label; naming the other flips the AUC.
    expect(rocAuc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8], { positiveLabel: 0 }).value).toBeCloseTo(
      0.25,
      15,
    );
  });

  it('sets ill-defined precision to 0 with a warning naming the class', () => {
    const result = precisionRecallF1([0, 1, 1], [0, 0, 0], { average: 'binary' });
    expect(result.precision).toEqual({
      value: 0,
      warning: expect.stringMatching(/Precision is ill-defined.*: 1\./),
    });
    expect(result.recall).toEqual({ value: 0 });
  });

  it('scores an absent positive class 0 when only the other class occurs', () => {
    const result = precisionRecallF1([0, 0], [0, 0], { average: 'binary' });
    expect(result.f1.value).toBe(0);
    expect(result.f1).toHaveProperty('warning');
  });

  it('refuses inputs it cannot score, saying what to change', () => {
    expect(codeOf(() => accuracy([1, 2], [1]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => accuracy([1, 'a'], [1, 1]))).toBe('INVALID_ARGUMENT');
    expect(codeOf(() => accuracy([1, null], [1, 1]))).toBe('INVALID_ARGUMENT');
    expect(() => precisionRecallF1([0, 1, 2], [0, 1, 2])).toThrow(/choose 'macro'/);
    expect(() => precisionRecallF1(['a', 'b'], ['a', 'b'], { positiveLabel: 'c' })).toThrow(
      /not one of the labels/,
    );
    expect(() => rocAuc([0, 1, 2], [0.1, 0.2, 0.3])).toThrow(/rocAucOneVsRest/);
    expect(() => rocAuc([0, 1], [0.1, Number.NaN])).toThrow(/row 1/);
    expect(() => rocAucOneVsRest([0, 1], [0.5, 0.6, 0.5, 0.5], [0, 1])).toThrow(/sum to 1/);
    expect(() => logLoss([0, 2], [0.5, 0.5], { classes: [0, 1] })).toThrow(
      /not one of the classes/,
    );
    expect(codeOf(() => meanAbsoluteError([1, 'x'], [1, 2]))).toBe('INVALID_ARGUMENT');
  });

  it('gives null for log loss with one class unless the classes are given', () => {
    expect(logLoss([1, 1], [0.9, 0.8]).value).toBeNull();
    // -(ln 0.9 + ln 0.8) / 2
    expect(logLoss([1, 1], [0.9, 0.8], { classes: [0, 1] }).value).toBeCloseTo(
      -(Math.log(0.9) + Math.log(0.8)) / 2,
      15,
    );
  });

  it('reads Float64Array and plain columns alike', () => {
    const truth = Float64Array.of(1, 0, 1, 1);
    expect(accuracy(truth, [1, 1, 1, 0]).value).toBe(0.5);
    expect(r2Score(truth, Float64Array.of(1, 0, 1, 1)).value).toBe(1);
  });
});
