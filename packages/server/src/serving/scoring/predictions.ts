import { tensorToJsonValues } from '@slipway/core';
import type { JsonTensorValue, Tensor } from '@slipway/core';
import { jsonText } from './json-text.js';

function product(dims: readonly number[]): number {
  return dims.reduce((total, dim) => total * dim, 1);
}

/** Row-major values as nested lists of `shape` (a scalar for the empty shape). */
function nested(
  values: readonly JsonTensorValue[],
  offset: number,
  shape: readonly number[],
): unknown {
  if (shape.length === 0) return values[offset];
  const [dim = 0, ...rest] = shape;
  const size = product(rest);
  const out: unknown[] = [];
  for (let i = 0; i < dim; i += 1) out.push(nested(values, offset + i * size, rest));
  return out;
}

/** The value of one row of a batched output: a scalar when a row holds one value. */
export function rowValue(values: readonly JsonTensorValue[], tensor: Tensor, row: number): unknown {
  const rowShape = tensor.shape.slice(1);
  const size = product(rowShape);
  return size === 1 ? values[row * size] : nested(values, row * size, rowShape);
}

/**
 * MLflow's `predictions`, one entry per row: a single output gives a scalar per row when a row
 * holds one value (a [batch] or [batch, 1] output), else the row's values as (nested) lists;
 * several outputs give one `{ output: value }` object per row. Outputs without a shared batch
 * dimension cannot be split into rows and are returned whole, as `{ output: nested values }`.
 */
export function predictionsOf(outputs: readonly Tensor[]): unknown {
  const values = outputs.map((tensor) => tensorToJsonValues(tensor));
  const rows = outputs[0]?.shape[0];
  const batched =
    rows !== undefined &&
    outputs.every((tensor) => tensor.shape.length >= 1 && tensor.shape[0] === rows);
  if (!batched) {
    return Object.fromEntries(
      outputs.map((tensor, i) => [tensor.name, nested(values[i] ?? [], 0, tensor.shape)]),
    );
  }
  const [single] = outputs;
  if (outputs.length === 1 && single !== undefined) {
    const only = values[0] ?? [];
    return Array.from({ length: rows }, (_unused, row) => rowValue(only, single, row));
  }
  return Array.from({ length: rows }, (_unused, row) =>
    Object.fromEntries(
      outputs.map((tensor, i) => [tensor.name, rowValue(values[i] ?? [], tensor, row)]),
    ),
  );
}

/** `{"predictions": [...]}` plus optional metadata keys, as JSON text (bigints exact). */
export function predictionsJson(
  outputs: readonly Tensor[],
  metadata: Record<string, string | undefined> = {},
): string {
  return jsonText({ predictions: predictionsOf(outputs), ...metadata });
}
