import { describe, expect, it } from 'vitest';
import { jsonDataText } from './json-tensor-data.js';

describe('jsonDataText', () => {
  it('prints 64-bit integers with their exact digits', () => {
    const data = new BigInt64Array([-(2n ** 63n), 2n ** 53n + 1n]);
    expect(jsonDataText({ name: 'x', datatype: 'INT64', shape: [2], data })).toBe(
      '[-9223372036854775808,9007199254740993]',
    );
  });

  it('prints non-finite floats as null, which is all JSON can hold', () => {
    const data = new Float32Array([NaN, Infinity, 1.5]);
    expect(jsonDataText({ name: 'x', datatype: 'FP32', shape: [3], data })).toBe('[null,null,1.5]');
  });

  it('prints BOOL as booleans and FP16 bit patterns as numbers', () => {
    expect(
      jsonDataText({ name: 'b', datatype: 'BOOL', shape: [2], data: new Uint8Array([1, 0]) }),
    ).toBe('[true,false]');
    // 0x3555 is the binary16 nearest 1/3: 1.0101010101b x 2^-2.
    expect(
      jsonDataText({ name: 'h', datatype: 'FP16', shape: [1], data: new Uint16Array([0x3555]) }),
    ).toBe('[0.333251953125]');
  });
});
