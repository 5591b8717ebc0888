import { describe, expect, it } from 'vitest';
import { predictionsJson, predictionsOf } from './predictions.js';

describe('predictionsOf', () => {
  it('gives scalars for [batch] and [batch, 1] outputs and nested lists for wider rows', () => {
    expect(
      predictionsOf([{ name: 'p', datatype: 'FP64', shape: [3], data: Float64Array.of(1, 2, 3) }]),
    ).toEqual([1, 2, 3]);
    expect(
      predictionsOf([
        {
          name: 'p',
          datatype: 'INT32',
          shape: [2, 2, 2],
          data: Int32Array.of(1, 2, 3, 4, 5, 6, 7, 8),
        },
      ]),
    ).toEqual([
      [
        [1, 2],
        [3, 4],
      ],
      [
        [5, 6],
        [7, 8],
      ],
    ]);
  });

  it('returns outputs without a shared batch dimension whole', () => {
    expect(
      predictionsOf([
        { name: 'a', datatype: 'FP64', shape: [2], data: Float64Array.of(1, 2) },
        { name: 'b', datatype: 'BOOL', shape: [3], data: Uint8Array.of(1, 0, 1) },
      ]),
    ).toEqual({ a: [1, 2], b: [true, false, true] });
  });

  it('prints INT64 values beyond 2^53 with their exact digits', () => {
    const text = predictionsJson(
      [
        {
          name: 'id',
          datatype: 'INT64',
          shape: [2, 1],
          data: BigInt64Array.of(2n ** 60n + 1n, -3n),
        },
      ],
      { model_version: '4' },
    );
    expect(text).toBe('{"predictions":[1152921504606846977,-3],"model_version":"4"}');
  });
});
