import { describe, expect, it } from 'vitest';
import { buildAxisScale } from './axis-scale.js';

describe('buildAxisScale', () => {
  it('reads numeric params as numbers, with ticks at round values', () => {
    const scale = buildAxisScale(['0.1', '0.3', 0.2, undefined]);
    expect(scale.kind).toBe('numeric');
    expect(scale.position('0.1')).toBe(0);
    expect(scale.position(0.3)).toBe(1);
    expect(scale.position(0.2)).toBeCloseTo(0.5, 12);
    expect(scale.position(undefined)).toBeUndefined();
    expect(scale.ticks.map((t) => t.label)).toEqual(['0.1', '0.15', '0.2', '0.25', '0.3']);
  });

  it('puts a single value in the middle', () => {
    const scale = buildAxisScale([5, 5]);
    expect(scale.position(5)).toBe(0.5);
    expect(scale.ticks.map((t) => t.label)).toEqual(['5']);
  });

  it('spreads text evenly, in natural order', () => {
    const scale = buildAxisScale(['sgd', 'adam', 'sgd', 'rmsprop']);
    expect(scale.kind).toBe('categorical');
    expect(scale.ticks.map((t) => t.label)).toEqual(['adam', 'rmsprop', 'sgd']);
    expect(scale.position('rmsprop')).toBe(0.5);
    expect(scale.position('other')).toBeUndefined();
  });

  it('spaces positive numbers by their logarithm when asked to', () => {
    const scale = buildAxisScale(['0.001', '0.01', '0.1'], { log: true });
    expect(scale.kind === 'numeric' && scale.log).toBe(true);
    expect(scale.position('0.01')).toBeCloseTo(0.5, 12);
    expect(scale.ticks.map((t) => t.label)).toEqual(['0.001', '0.01', '0.1']);
    const withZero = buildAxisScale([0, 1, 10], { log: true });
    expect(withZero.kind === 'numeric' && withZero.log).toBe(false);
  });
});
