import { FLOAT_DATATYPES, float16BitsToNumber } from '@slipway/core';
import type { Tensor } from '@slipway/core';

/**
 * How a challenger's answer to one request compares with the primary's.
 *
 * Agreement is judged per row (dimension 0); a row agrees when every compared output agrees on it:
 * - labels (integer, BOOL and BYTES outputs): the row's elements are equal;
 * - class scores (float outputs with more than one value per row): the argmax is the same;
 * - a probability (one float per row, both values within [0, 1]): the same side of 0.5;
 * - any other float (a regression output): exactly equal, which rarely holds, so for regressors
 *   the mean absolute difference is the figure to watch.
 *
 * The mean absolute difference is over every numeric element of the compared outputs (BOOL as
 * 0/1; BYTES outputs take no part). Outputs are compared by name, and only when both answers have
 * them with the same datatype and shape; `comparable` is false when none can be compared.
 */
export interface OutputComparison {
  comparable: boolean;
  rows: number;
  agreedRows: number;
  /** Numeric elements compared, and the sum of their absolute differences. */
  elements: number;
  absDiffSum: number;
}

const NOTHING: OutputComparison = {
  comparable: false,
  rows: 0,
  agreedRows: 0,
  elements: 0,
  absDiffSum: 0,
};

export function compareOutputs(
  primary: readonly Tensor[],
  challenger: readonly Tensor[],
): OutputComparison {
  const byName = new Map(challenger.map((tensor) => [tensor.name, tensor]));
  const pairs: [Tensor, Tensor][] = [];
  for (const a of primary) {
    const b = byName.get(a.name);
    if (b !== undefined && sameLayout(a, b)) pairs.push([a, b]);
  }
  const first = pairs[0]?.[0];
  if (first === undefined) return NOTHING;
  const rows = first.shape.length === 0 ? 1 : (first.shape[0] as number);
  // Outputs with a different number of rows cannot be lined up row by row.
  const aligned = pairs.filter(([a]) => (a.shape.length === 0 ? 1 : a.shape[0]) === rows);
  const agrees = new Array<boolean>(rows).fill(true);
  let elements = 0;
  let absDiffSum = 0;
  for (const [a, b] of aligned) {
    const width = rows === 0 ? 0 : elementsOf(a) / rows;
    if (a.datatype === 'BYTES') {
      const da = a.data as Uint8Array[];
      const db = b.data as Uint8Array[];
      for (let row = 0; row < rows; row += 1) {
        for (let i = row * width; i < (row + 1) * width; i += 1) {
          if (!bytesEqual(da[i] as Uint8Array, db[i] as Uint8Array)) agrees[row] = false;
        }
      }
      continue;
    }
    const va = numbersOf(a);
    const vb = numbersOf(b);
    for (let i = 0; i < va.length; i += 1)
      absDiffSum += Math.abs((va[i] as number) - (vb[i] as number));
    elements += va.length;
    const float = FLOAT_DATATYPES.has(a.datatype);
    for (let row = 0; row < rows; row += 1) {
      const from = row * width;
      if (!rowAgrees(va, vb, from, width, float)) agrees[row] = false;
    }
  }
  return {
    comparable: aligned.length > 0,
    rows: aligned.length > 0 ? rows : 0,
    agreedRows: aligned.length > 0 ? agrees.filter(Boolean).length : 0,
    elements,
    absDiffSum,
  };
}

function rowAgrees(
  a: readonly number[],
  b: readonly number[],
  from: number,
  width: number,
  float: boolean,
): boolean {
  if (float && width > 1) return argmax(a, from, width) === argmax(b, from, width);
  if (float && width === 1) {
    const x = a[from] as number;
    const y = b[from] as number;
    if (x >= 0 && x <= 1 && y >= 0 && y <= 1) return x >= 0.5 === y >= 0.5;
    return x === y;
  }
  for (let i = from; i < from + width; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

function argmax(values: readonly number[], from: number, width: number): number {
  let best = from;
  for (let i = from + 1; i < from + width; i += 1) {
    if ((values[i] as number) > (values[best] as number)) best = i;
  }
  return best - from;
}

function sameLayout(a: Tensor, b: Tensor): boolean {
  return (
    a.datatype === b.datatype &&
    a.shape.length === b.shape.length &&
    a.shape.every((dim, index) => dim === b.shape[index])
  );
}

function elementsOf(tensor: Tensor): number {
  return tensor.shape.reduce((product, dim) => product * dim, 1);
}

function numbersOf(tensor: Tensor): number[] {
  const data = tensor.data as ArrayLike<number | bigint>;
  const out = new Array<number>(data.length);
  for (let i = 0; i < data.length; i += 1) {
    const value = data[i] as number | bigint;
    out[i] = tensor.datatype === 'FP16' ? float16BitsToNumber(value as number) : Number(value);
  }
  return out;
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i += 1) if (a[i] !== b[i]) return false;
  return true;
}
