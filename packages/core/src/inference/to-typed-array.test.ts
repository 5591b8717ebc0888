import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { toTypedArray } from './to-typed-array.js';

function errorOf(fn: () => unknown): SlipwayError {
  try {
    fn();
  } catch (err) {
    if (err instanceof SlipwayError) return err;
    throw err;
  }
  throw new Error('expected a SlipwayError');
}

describe('toTypedArray', () => {
  it('flattens nested row-major data and checks it against the shape', () => {
    const data = toTypedArray(
      'FP32',
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      { name: 'x', shape: [2, 3] },
    );
    expect(data).toBeInstanceOf(Float32Array);
    expect(Array.from(data)).toEqual([1, 2, 3, 4, 5, 6]);
    const wrong = errorOf(() => toTypedArray('FP32', [1, 2, 3], { name: 'x', shape: [2, 2] }));
    expect(wrong.code).toBe('INVALID_ARGUMENT');
    expect(wrong.message).toContain("'x'");
    expect(wrong.message).toContain('[2, 2]');
  });

  it('rejects ragged or mixed nesting', () => {
    expect(errorOf(() => toTypedArray('FP32', [[1, 2], [3]], { name: 'r' })).message).toMatch(
      /ragged/,
    );
    expect(errorOf(() => toTypedArray('FP32', [[1], 2], { name: 'm' })).message).toMatch(/mixes/);
  });

  it('rounds JSON numbers for FP32 instead of rejecting them', () => {
    const data = toTypedArray('FP32', [0.1], { name: 'f' });
    expect(data[0]).toBe(Math.fround(0.1));
    expect(toTypedArray('FP64', [0.1], { name: 'f' })[0]).toBe(0.1);
    expect(Array.from(toTypedArray('FP16', [1, 0.1], { name: 'h' }))).toEqual([0x3c00, 0x2e66]);
  });

  it('rejects non-integers and out-of-range integers for integer tensors', () => {
    const fractional = errorOf(() => toTypedArray('INT32', [1, 1.5], { name: 'ids' }));
    expect(fractional.message).toContain("Tensor 'ids': element 1");
    expect(fractional.message).toContain('not an integer');
    expect(errorOf(() => toTypedArray('UINT8', [256], { name: 'u' })).message).toMatch(
      /range of UINT8/,
    );
    expect(errorOf(() => toTypedArray('INT8', [-129], { name: 'i' })).message).toMatch(/range/);
    expect(Array.from(toTypedArray('INT8', [-128, 127], { name: 'i' }))).toEqual([-128, 127]);
    expect(Array.from(toTypedArray('UINT32', [4294967295], { name: 'u' }))).toEqual([4294967295]);
  });

  it('carries 64-bit integers as bigints and refuses JSON numbers beyond 2^53', () => {
    const data = toTypedArray('INT64', [1, -2, 9223372036854775807n], { name: 'l' });
    expect(data).toBeInstanceOf(BigInt64Array);
    expect(Array.from(data)).toEqual([1n, -2n, 9223372036854775807n]);
    expect(errorOf(() => toTypedArray('INT64', [2 ** 60], { name: 'l' })).message).toMatch(
      /binary data extension/,
    );
    expect(errorOf(() => toTypedArray('UINT64', [-1], { name: 'u' })).message).toMatch(/range/);
    expect(toTypedArray('UINT64', [2n ** 64n - 1n], { name: 'u' })).toBeInstanceOf(BigUint64Array);
  });

  it('maps BOOL and BYTES', () => {
    expect(Array.from(toTypedArray('BOOL', [true, false, 1, 0], { name: 'b' }))).toEqual([
      1, 0, 1, 0,
    ]);
    expect(errorOf(() => toTypedArray('BOOL', [2], { name: 'b' })).code).toBe('INVALID_ARGUMENT');
    const bytes = toTypedArray('BYTES', ['hé', new Uint8Array([0, 255])], { name: 's' });
    expect(bytes.map((item) => Array.from(item))).toEqual([
      [0x68, 0xc3, 0xa9],
      [0, 255],
    ]);
    expect(errorOf(() => toTypedArray('BYTES', [3], { name: 's' })).message).toMatch(/string/);
  });

  it('rejects a number where a string or a string where a number is due', () => {
    expect(errorOf(() => toTypedArray('FP32', ['1'], { name: 'f' })).message).toMatch(
      /not a number/,
    );
  });
});
