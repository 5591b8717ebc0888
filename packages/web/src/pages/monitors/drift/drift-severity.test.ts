import { describe, expect, it } from 'vitest';
import { bySeverity, formatScore, severity } from './drift-severity.js';
import type { ColumnDrift } from './drift-severity.js';

const base = {
  type: 'numerical',
  stattest: 'ks',
  driftDetected: false,
  referenceCount: 10,
  currentCount: 10,
} as const;

const col = (column: string, extra: Partial<ColumnDrift>): ColumnDrift => ({
  ...base,
  column,
  scoreKind: 'distance',
  score: 0,
  threshold: 0.1,
  ...extra,
});

describe('severity', () => {
  it('is 1 at the threshold for p-values and distances alike', () => {
    expect(severity(col('a', { scoreKind: 'p_value', score: 0.05, threshold: 0.05 }))).toBe(1);
    expect(severity(col('b', { score: 0.1, threshold: 0.1 }))).toBe(1);
    expect(severity(col('c', { scoreKind: 'p_value', score: 0.005, threshold: 0.05 }))).toBeCloseTo(
      10,
    );
    expect(severity(col('d', { score: 0.05, threshold: 0.1 }))).toBe(0.5);
    // A p-value of 0 is past any threshold, not a division by zero.
    expect(severity(col('e', { scoreKind: 'p_value', score: 0, threshold: 0.05 }))).toBeGreaterThan(
      1e300,
    );
    expect(severity(col('f', { skipped: 'no values', score: null }))).toBeNull();
  });

  it('sorts most drifted first, untested last, as the report does', () => {
    const sorted = bySeverity([
      col('skipped', { skipped: 'constant', score: null }),
      col('mild', { score: 0.05 }),
      col('p', { scoreKind: 'p_value', score: 0.0001, threshold: 0.05 }),
      col('big', { score: 0.5 }),
    ]);
    expect(sorted.map((c) => c.column)).toEqual(['p', 'big', 'mild', 'skipped']);
  });
});

describe('formatScore', () => {
  it('writes four significant digits, tiny values in exponent form', () => {
    expect(formatScore(0.123456)).toBe('0.1235');
    expect(formatScore(0.00001234)).toBe('1.23e-5');
    expect(formatScore(0)).toBe('0');
    expect(formatScore(null)).toBe('—');
  });
});
