import { describe, expect, it } from 'vitest';
import { formatSeconds, formatValue } from './format-value.js';

describe('formatValue', () => {
  it('writes six significant digits, exponents only for extreme magnitudes', () => {
    expect(formatValue(0.1 + 0.2)).toBe('0.3');
    expect(formatValue(2 / 3)).toBe('0.666667');
    expect(formatValue(1e-5)).toBe('1e-5');
    expect(formatValue(1.234567891e-7)).toBe('1.23457e-7');
    expect(formatValue(123456789)).toBe('123457000');
    expect(formatValue(Number.NaN)).toBe('NaN');
    expect(formatValue(-Infinity)).toBe('-Infinity');
  });

  it('writes durations in seconds, then minutes', () => {
    expect(formatSeconds(4)).toBe('4s');
    expect(formatSeconds(65.25)).toBe('1m 05.3s');
  });
});
