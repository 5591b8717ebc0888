import { describe, expect, it } from 'vitest';
import { countSteps, mergeStepIntervals, stepsAtPositions } from './step-intervals.js';

describe('mergeStepIntervals', () => {
  it('joins overlapping and adjacent intervals and keeps gaps', () => {
    const merged = mergeStepIntervals([
      { min: 20, max: 25 },
      { min: 0, max: 4 },
      { min: 5, max: 9 },
      { min: 3, max: 7 },
    ]);
    expect(merged).toEqual([
      { min: 0, max: 9 },
      { min: 20, max: 25 },
    ]);
    expect(countSteps(merged)).toBe(16);
  });
});

describe('stepsAtPositions', () => {
  it('maps positions in the sorted steps to the steps, across gaps', () => {
    const merged = [
      { min: 0, max: 9 },
      { min: 20, max: 25 },
    ];
    // Steps 0..9 are positions 0..9; 20..25 are positions 10..15.
    expect(stepsAtPositions(merged, [0, 9, 10, 12, 15])).toEqual([0, 9, 20, 22, 25]);
    expect(stepsAtPositions(merged, [16])).toEqual([]);
  });
});
