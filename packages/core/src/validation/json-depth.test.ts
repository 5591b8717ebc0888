import { describe, expect, it } from 'vitest';
import { checkJsonDepth, firstPathDepth } from './json-depth.js';

/** Alternating arrays and objects, `levels` deep around the number 1. */
const nested = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i += 1) value = i % 2 === 0 ? [value] : { a: value };
  return value;
};

describe('checkJsonDepth', () => {
  it('accepts the limit and refuses one level more, naming the limit', () => {
    expect(() => checkJsonDepth(nested(100), 'The body')).not.toThrow();
    expect(() => checkJsonDepth(nested(101), 'The body')).toThrow(
      'The body is nested deeper than the limit of 100 levels of objects and arrays.',
    );
    expect(() => checkJsonDepth(nested(3), 'x', 2)).toThrow(/limit of 2 levels/u);
  });
  it('walks without recursion, so hostile depth cannot overflow the stack', () => {
    expect(() => checkJsonDepth(nested(200_000), 'The body')).toThrow(/100 levels/u);
    expect(() => checkJsonDepth([1, 'a', null, { b: [2] }], 'x')).not.toThrow();
    expect(() => checkJsonDepth('scalar', 'x', 0)).not.toThrow();
  });
  it('measures a nested list along its first elements', () => {
    expect(
      firstPathDepth([
        [1, 2],
        [3, 4],
      ]),
    ).toBe(2);
    expect(firstPathDepth(5)).toBe(0);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(firstPathDepth(deep, 100)).toBe(101);
  });
});
