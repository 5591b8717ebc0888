import { describe, expect, it } from 'vitest';
import { checkTensor, elementCount } from './tensor.js';
import { tensorToJsonValues } from './tensor-json.js';

describe('elementCount', () => {
  it('multiplies dimensions, with [] as a scalar', () => {
    expect(elementCount([2, 3, 4])).toBe(24);
    expect(elementCount([])).toBe(1);
    expect(elementCount([5, 0])).toBe(0);
  });

  it('rejects negative, fractional and huge shapes, naming the tensor', () => {
    expect(() => elementCount([-1, 3], 'x')).toThrow(/'x'/);
    expect(() => elementCount([1.5])).toThrow(/non-negative integers/);
    expect(() => elementCount([65536, 65536], 'big')).toThrow(/at most/);
  });
});

describe('checkTensor', () => {
  it('checks representation and length', () => {
    expect(() =>
      checkTensor({ name: 'a', datatype: 'FP32', shape: [2], data: new Float32Array(2) }),
    ).not.toThrow();
    expect(() =>
      checkTensor({ name: 'a', datatype: 'FP32', shape: [2], data: new Float64Array(2) }),
    ).toThrow(/another element type/);
    expect(() =>
      checkTensor({ name: 'a', datatype: 'INT32', shape: [3], data: new Int32Array(2) }),
    ).toThrow(/\[3\] \(3 elements\) but 2/);
  });
});

describe('tensorToJsonValues', () => {
  it('decodes each representation to JSON-friendly values', () => {
    const shape = [2];
    expect(
      tensorToJsonValues({ name: 'b', datatype: 'BOOL', shape, data: new Uint8Array([1, 0]) }),
    ).toEqual([true, false]);
    expect(
      tensorToJsonValues({
        name: 'h',
        datatype: 'FP16',
        shape,
        data: new Uint16Array([0x3c00, 0xc000]),
      }),
    ).toEqual([1, -2]);
    expect(
      tensorToJsonValues({
        name: 'l',
        datatype: 'INT64',
        shape,
        data: new BigInt64Array([5n, 2n ** 62n]),
      }),
    ).toEqual([5, 2n ** 62n]);
    expect(
      tensorToJsonValues({
        name: 's',
        datatype: 'BYTES',
        shape,
        data: [new Uint8Array([0x68, 0x69]), new Uint8Array(0)],
      }),
    ).toEqual(['hi', '']);
  });
});
