import { describe, expect, it } from 'vitest';
import { SlipwayError } from '../errors.js';
import { conversionKind, convertLossless } from './convert-lossless.js';
import type { Tensor } from './tensor.js';

function tensor(datatype: Tensor['datatype'], data: Tensor['data']): Tensor {
  return { name: 't', datatype, shape: [data.length], data };
}

function conversionError(input: Tensor, target: Tensor['datatype']): SlipwayError {
  try {
    convertLossless(input, target);
  } catch (err) {
    if (err instanceof SlipwayError) return err;
    throw err;
  }
  throw new Error('expected a SlipwayError');
}

describe('conversionKind', () => {
  it.each([
    ['INT8', 'INT16', 'widening'],
    ['INT16', 'INT64', 'widening'],
    ['UINT8', 'INT16', 'widening'],
    ['UINT32', 'INT64', 'widening'],
    ['UINT8', 'FP16', 'widening'],
    ['INT16', 'FP32', 'widening'],
    ['INT32', 'FP64', 'widening'],
    ['FP16', 'FP32', 'widening'],
    ['FP32', 'FP64', 'widening'],
    ['INT64', 'INT32', 'checked'],
    ['INT8', 'UINT8', 'checked'],
    ['INT32', 'FP32', 'checked'],
    ['INT64', 'FP64', 'checked'],
    ['FP64', 'FP32', 'refused'],
    ['FP32', 'INT32', 'refused'],
    ['BOOL', 'UINT8', 'refused'],
    ['BYTES', 'FP32', 'refused'],
    ['FP32', 'FP32', 'identity'],
  ] as const)('%s -> %s is %s', (from, to, kind) => {
    expect(conversionKind(from, to)).toBe(kind);
  });
});

describe('convertLossless', () => {
  it('returns the same tensor for the same datatype', () => {
    const input = tensor('FP32', new Float32Array([1]));
    expect(convertLossless(input, 'FP32')).toBe(input);
  });

  it('widens integers and floats exactly', () => {
    const wide = convertLossless(tensor('INT16', new Int16Array([-32768, 5])), 'INT64');
    expect(wide.datatype).toBe('INT64');
    expect(Array.from(wide.data as BigInt64Array)).toEqual([-32768n, 5n]);
    const half = convertLossless(tensor('FP16', new Uint16Array([0x3555])), 'FP32');
    expect(Array.from(half.data as Float32Array)).toEqual([0.333251953125]);
    const double = convertLossless(tensor('FP32', new Float32Array([0.1])), 'FP64');
    expect((double.data as Float64Array)[0]).toBe(Math.fround(0.1));
  });

  it('narrows integers only when every value is in range', () => {
    const ok = convertLossless(tensor('INT64', new BigInt64Array([7n, -3n])), 'INT32');
    expect(ok.data).toBeInstanceOf(Int32Array);
    expect(Array.from(ok.data as Int32Array)).toEqual([7, -3]);
    const err = conversionError(tensor('INT64', new BigInt64Array([1n, 2n ** 31n])), 'INT32');
    expect(err.code).toBe('INVALID_ARGUMENT');
    expect(err.message).toContain("'t'");
    expect(err.message).toContain('element 1 (2147483648)');
    expect(conversionError(tensor('INT8', new Int8Array([-1])), 'UINT8').message).toMatch(/UINT8/);
  });

  it('turns integers into floats only when each value is exact', () => {
    const exact = convertLossless(tensor('INT32', new Int32Array([2 ** 24, -(2 ** 24)])), 'FP32');
    expect(Array.from(exact.data as Float32Array)).toEqual([2 ** 24, -(2 ** 24)]);
    expect(conversionError(tensor('INT32', new Int32Array([2 ** 24 + 1])), 'FP32').message).toMatch(
      /element 0 \(16777217\)/,
    );
    const big = tensor('INT64', new BigInt64Array([2n ** 53n + 1n]));
    expect(conversionError(big, 'FP64').code).toBe('INVALID_ARGUMENT');
    expect(convertLossless(tensor('INT16', new Int16Array([2048])), 'FP16').data).toEqual(
      new Uint16Array([0x6800]),
    );
    expect(conversionError(tensor('INT16', new Int16Array([2049])), 'FP16').code).toBe(
      'INVALID_ARGUMENT',
    );
  });

  it('refuses float narrowing and float -> integer whatever the values', () => {
    const err = conversionError(tensor('FP64', new Float64Array([0.5])), 'FP32');
    expect(err.message).toContain('FP64 -> FP32');
    expect(err.message).toContain('Send FP32');
    expect(conversionError(tensor('FP32', new Float32Array([1])), 'INT64').code).toBe(
      'INVALID_ARGUMENT',
    );
    expect(conversionError(tensor('BOOL', new Uint8Array([1])), 'INT32').code).toBe(
      'INVALID_ARGUMENT',
    );
  });
});
