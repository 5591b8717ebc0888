import { describe, expect, it } from 'vitest';
import type { Tensor } from '@slipway/core';
import { concatRequests, sliceRows } from './batch-tensors.js';

describe('concatRequests and sliceRows', () => {
  it('stacks requests along dimension 0 and splits them back unchanged', () => {
    const a: Tensor = {
      name: 'x',
      datatype: 'INT64',
      shape: [1, 2],
      data: new BigInt64Array([1n, 2n]),
    };
    const b: Tensor = {
      name: 'x',
      datatype: 'INT64',
      shape: [2, 2],
      data: new BigInt64Array([3n, 4n, 5n, 6n]),
    };
    const [stacked] = concatRequests([[a], [b]]);
    expect(stacked?.shape).toEqual([3, 2]);
    expect(Array.from(stacked?.data as BigInt64Array)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    const back = sliceRows(stacked as Tensor, 1, 2);
    expect(back.shape).toEqual([2, 2]);
    expect(back.data).toEqual(b.data);
    expect((back.data as BigInt64Array).buffer).not.toBe((stacked?.data as BigInt64Array).buffer);
  });

  it('handles BYTES and multiple inputs', () => {
    const text = (value: string): Uint8Array => new TextEncoder().encode(value);
    const first: Tensor[] = [
      { name: 's', datatype: 'BYTES', shape: [1], data: [text('a')] },
      { name: 'f', datatype: 'FP32', shape: [1, 3], data: new Float32Array([1, 2, 3]) },
    ];
    const second: Tensor[] = [
      { name: 's', datatype: 'BYTES', shape: [2], data: [text('b'), text('c')] },
      { name: 'f', datatype: 'FP32', shape: [2, 3], data: new Float32Array([4, 5, 6, 7, 8, 9]) },
    ];
    const [strings, floats] = concatRequests([first, second]);
    expect(strings?.shape).toEqual([3]);
    expect((strings?.data as Uint8Array[]).map((bytes) => new TextDecoder().decode(bytes))).toEqual(
      ['a', 'b', 'c'],
    );
    expect(sliceRows(floats as Tensor, 2, 1).data).toEqual(new Float32Array([7, 8, 9]));
  });
});
