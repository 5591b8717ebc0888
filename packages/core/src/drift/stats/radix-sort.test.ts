import { describe, expect, it } from 'vitest';
import { sortFloat64InPlace } from './radix-sort.js';

function expectSameOrder(values: Float64Array): void {
  const expected = Float64Array.from(values).sort();
  const actual = sortFloat64InPlace(Float64Array.from(values));
  expect(Object.is(actual[0], expected[0])).toBe(true);
  expect([...actual]).toEqual([...expected]);
}

describe('sortFloat64InPlace', () => {
  it('orders large columns like the built-in sort, signs, zeros, infinities and subnormals included', () => {
    let seed = 7;
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const values = Float64Array.from({ length: 50_000 }, (_, i) =>
      i % 5 === 0
        ? Math.round(next() * 20) - 10
        : (next() - 0.5) * 10 ** Math.floor(next() * 12 - 6),
    );
    values.set(
      [0, -0, Infinity, -Infinity, 5e-324, -5e-324, Number.MAX_VALUE, -Number.MAX_VALUE],
      0,
    );
    expectSameOrder(values);
  });

  it('skips passes where every value shares a digit and still sorts', () => {
    expectSameOrder(
      Float64Array.from({ length: 10_000 }, (_, i) => 1 + ((i * 7919) % 10_000) / 2 ** 20),
    );
  });

  it('sorts small arrays in place and returns the same array', () => {
    const small = Float64Array.from([3, -1, 2]);
    expect(sortFloat64InPlace(small)).toBe(small);
    expect([...small]).toEqual([-1, 2, 3]);
  });
});
