import { describe, expect, it } from 'vitest';
import { signatureFromOrtMetadata } from './ort-types.js';
import { checkSignatureCompatible } from './signature-compat.js';

describe('signatureFromOrtMetadata', () => {
  it('maps types, turns symbolic dimensions into -1 and drops non-tensor outputs', () => {
    const signature = signatureFromOrtMetadata(
      [{ name: 'x', isTensor: true, type: 'int64', shape: ['batch', 3] }],
      [
        { name: 'label', isTensor: true, type: 'string', shape: [-1] },
        { name: 'probabilities', isTensor: false },
      ],
    );
    expect(signature).toEqual({
      inputs: [{ name: 'x', datatype: 'INT64', shape: [-1, 3] }],
      outputs: [{ name: 'label', datatype: 'BYTES', shape: [-1] }],
    });
  });

  it('refuses non-tensor inputs and types the protocol lacks', () => {
    expect(() => signatureFromOrtMetadata([{ name: 'm', isTensor: false }], [])).toThrow(
      /not a tensor/,
    );
    expect(() =>
      signatureFromOrtMetadata([{ name: 'q', isTensor: true, type: 'uint4', shape: [1] }], []),
    ).toThrow(/'uint4'/);
  });
});

describe('checkSignatureCompatible', () => {
  const actual = {
    inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [-1, 4] }],
    outputs: [
      { name: 'y', datatype: 'FP32' as const, shape: [-1, 1] },
      { name: 'z', datatype: 'INT64' as const, shape: [-1] },
    ],
  };
  it('accepts a declared subset of outputs and narrower dynamic dimensions', () => {
    expect(() =>
      checkSignatureCompatible(
        {
          inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 4] }],
          outputs: [{ name: 'z', datatype: 'INT64', shape: [8] }],
        },
        actual,
      ),
    ).not.toThrow();
  });
  it('refuses a dynamic declaration for a fixed dimension', () => {
    expect(() =>
      checkSignatureCompatible(
        { inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, -1] }], outputs: [] },
        actual,
      ),
    ).toThrow(/\[-1, -1\] but the model's is \[-1, 4\]/);
  });
});
