import { describe, expect, it } from 'vitest';
import type { Tensor, TensorSpec } from '@slipway/core';
import { enforceInputs, resolveRequestedOutputs } from './enforce-signature.js';

const specs: TensorSpec[] = [
  { name: 'ids', datatype: 'INT64', shape: [-1] },
  { name: 'weights', datatype: 'FP32', shape: [-1, 2] },
];

const ids: Tensor = {
  name: 'ids',
  datatype: 'INT64',
  shape: [2],
  data: new BigInt64Array([1n, 2n]),
};
const weights: Tensor = {
  name: 'weights',
  datatype: 'FP32',
  shape: [2, 2],
  data: new Float32Array(4),
};

describe('enforceInputs', () => {
  it('returns inputs in signature order, dropping extras', () => {
    const extra: Tensor = {
      name: 'note',
      datatype: 'BYTES',
      shape: [1],
      data: [new Uint8Array(1)],
    };
    const result = enforceInputs([extra, weights, ids], specs);
    expect(result.map((tensor) => tensor.name)).toEqual(['ids', 'weights']);
    expect(result[0]).toBe(ids);
  });

  it('converts losslessly and names the tensor when it cannot', () => {
    const int32Ids: Tensor = {
      name: 'ids',
      datatype: 'INT32',
      shape: [2],
      data: new Int32Array([5, 6]),
    };
    const [converted] = enforceInputs([int32Ids, weights], specs);
    expect(converted?.datatype).toBe('INT64');
    expect(Array.from(converted?.data as BigInt64Array)).toEqual([5n, 6n]);
    const fpIds: Tensor = {
      name: 'ids',
      datatype: 'FP32',
      shape: [1],
      data: new Float32Array([1]),
    };
    expect(() => enforceInputs([fpIds, weights], specs)).toThrow(/Tensor 'ids' has datatype FP32/);
  });

  it('rejects duplicates, missing inputs and bad shapes', () => {
    expect(() => enforceInputs([ids, ids, weights], specs)).toThrow(
      /'ids' is given more than once/,
    );
    expect(() => enforceInputs([ids], specs)).toThrow(/Missing input tensor 'weights'/);
    const wide: Tensor = { ...weights, shape: [1, 4] };
    expect(() => enforceInputs([ids, wide], specs)).toThrow(
      "Input tensor 'weights' has shape [1, 4] but the model expects [-1, 2] (-1 is any size).",
    );
  });
});

describe('resolveRequestedOutputs', () => {
  const outputs: TensorSpec[] = [
    { name: 'a', datatype: 'FP32', shape: [-1] },
    { name: 'b', datatype: 'FP32', shape: [-1] },
  ];
  it('defaults to every output and keeps the requested order', () => {
    expect(resolveRequestedOutputs(undefined, outputs)).toEqual(['a', 'b']);
    expect(resolveRequestedOutputs([], outputs)).toEqual(['a', 'b']);
    expect(resolveRequestedOutputs(['b', 'a'], outputs)).toEqual(['b', 'a']);
  });
  it('rejects unknown and repeated names', () => {
    expect(() => resolveRequestedOutputs(['c'], outputs)).toThrow(/Unknown output 'c'/);
    expect(() => resolveRequestedOutputs(['a', 'a'], outputs)).toThrow(/more than once/);
  });
});
