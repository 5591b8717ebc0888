import { describe, expect, it } from 'vitest';
import type { Tensor } from '@slipway/core';
import { compareOutputs } from './shadow-comparison.js';

function fp32(name: string, rows: number[][]): Tensor {
  return {
    name,
    datatype: 'FP32',
    shape: [rows.length, rows[0]?.length ?? 0],
    data: Float32Array.from(rows.flat()),
  };
}

describe('compareOutputs', () => {
  it('compares probabilities by the side of 0.5 and averages the absolute differences', () => {
    const result = compareOutputs(
      [fp32('probability', [[0.25], [0.75], [0.5], [0.875]])],
      [fp32('probability', [[0.375], [0.25], [0.5], [0.625]])],
    );
    // Rows 1 (0.75 vs 0.25) disagrees; 0.5 counts as the upper side for both in row 2.
    expect(result).toEqual({
      comparable: true,
      rows: 4,
      agreedRows: 3,
      elements: 4,
      absDiffSum: 0.125 + 0.5 + 0 + 0.25,
    });
  });

  it('compares class scores by argmax and regression values exactly', () => {
    const scores = compareOutputs(
      [
        fp32('scores', [
          [0.1, 0.7, 0.2],
          [0.5, 0.25, 0.25],
        ]),
      ],
      [
        fp32('scores', [
          [0.2, 0.6, 0.2],
          [0.25, 0.5, 0.25],
        ]),
      ],
    );
    expect(scores.agreedRows).toBe(1);
    expect(scores.elements).toBe(6);
    expect(scores.absDiffSum).toBeCloseTo(0.1 + 0.1 + 0 + 0.25 + 0.25 + 0, 6);

    const regression = compareOutputs(
      [fp32('variable', [[151], [75.5]])],
      [fp32('variable', [[151], [80]])],
    );
    expect(regression).toMatchObject({ rows: 2, agreedRows: 1, elements: 2, absDiffSum: 4.5 });
  });

  it('compares labels exactly, including 64-bit integers and byte strings', () => {
    const labels = compareOutputs(
      [{ name: 'label', datatype: 'INT64', shape: [3], data: BigInt64Array.from([1n, 0n, 2n]) }],
      [{ name: 'label', datatype: 'INT64', shape: [3], data: BigInt64Array.from([1n, 1n, 2n]) }],
    );
    expect(labels).toEqual({
      comparable: true,
      rows: 3,
      agreedRows: 2,
      elements: 3,
      absDiffSum: 1,
    });

    const text = new TextEncoder();
    const bytes = compareOutputs(
      [
        {
          name: 'y',
          datatype: 'BYTES',
          shape: [2],
          data: [text.encode('cat'), text.encode('dog')],
        },
      ],
      [
        {
          name: 'y',
          datatype: 'BYTES',
          shape: [2],
          data: [text.encode('cat'), text.encode('cow')],
        },
      ],
    );
    expect(bytes).toEqual({ comparable: true, rows: 2, agreedRows: 1, elements: 0, absDiffSum: 0 });
  });

  it('needs every compared output to agree on a row', () => {
    const result = compareOutputs(
      [
        fp32('p', [[0.9], [0.1]]),
        { name: 'label', datatype: 'INT32', shape: [2], data: Int32Array.from([1, 0]) },
      ],
      [
        fp32('p', [[0.8], [0.2]]),
        { name: 'label', datatype: 'INT32', shape: [2], data: Int32Array.from([1, 1]) },
      ],
    );
    expect(result.agreedRows).toBe(1);
    expect(result.elements).toBe(4);
  });

  it('skips outputs that differ in name, datatype or shape', () => {
    expect(compareOutputs([fp32('a', [[1]])], [fp32('b', [[1]])]).comparable).toBe(false);
    const widened: Tensor = {
      name: 'a',
      datatype: 'FP64',
      shape: [1, 1],
      data: Float64Array.from([1]),
    };
    expect(compareOutputs([fp32('a', [[1]])], [widened])).toEqual({
      comparable: false,
      rows: 0,
      agreedRows: 0,
      elements: 0,
      absDiffSum: 0,
    });
    expect(compareOutputs([fp32('a', [[1, 2]])], [fp32('a', [[1]])]).comparable).toBe(false);
  });
});
