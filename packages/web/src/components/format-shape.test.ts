import { describe, expect, it } from 'vitest';
import { formatShape } from './format-shape.js';

describe('formatShape', () => {
  it('writes dimensions in brackets, a named dynamic one by its name', () => {
    expect(formatShape(['batch', 30])).toBe('[batch, 30]');
    expect(formatShape([1, 3, 224, 224])).toBe('[1, 3, 224, 224]');
  });

  it('writes a numeric -1 (any size) as "?", but keeps a -1 given as text', () => {
    expect(formatShape([-1, 30])).toBe('[?, 30]');
    expect(formatShape(['-1', '30'])).toBe('[-1, 30]');
  });

  it('writes a missing shape as a dash and a scalar as empty brackets', () => {
    expect(formatShape(undefined)).toBe('—');
    expect(formatShape([])).toBe('[]');
  });
});
