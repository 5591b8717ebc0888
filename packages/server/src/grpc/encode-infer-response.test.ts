import { describe, expect, it } from 'vitest';
import { encodeInferResponse } from './encode-infer-response.js';

const result = {
  modelName: 'm',
  modelVersion: '2',
  outputs: [
    {
      name: 'a',
      datatype: 'INT64' as const,
      shape: [2],
      data: new BigInt64Array([1n, -(2n ** 63n)]),
    },
  ],
};

describe('encodeInferResponse', () => {
  it('answers typed contents to a typed request, 64-bit values as exact strings', () => {
    const message = encodeInferResponse('id-1', false, result);
    expect(message.raw_output_contents).toEqual([]);
    expect(message.outputs[0]?.contents).toEqual({ int64_contents: ['1', '-9223372036854775808'] });
  });

  it('switches the whole response to raw contents when an output is FP16', () => {
    const message = encodeInferResponse('id-1', false, {
      ...result,
      outputs: [
        ...result.outputs,
        { name: 'h', datatype: 'FP16' as const, shape: [1], data: new Uint16Array([0x3c00]) },
      ],
    });
    expect(message.outputs.every((output) => output.contents === undefined)).toBe(true);
    expect(message.raw_output_contents.map((bytes) => Buffer.from(bytes).toString('hex'))).toEqual([
      '01000000000000000000000000000080',
      '003c',
    ]);
  });
});
