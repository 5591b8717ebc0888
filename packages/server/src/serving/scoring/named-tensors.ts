import { invalidArgument, toTypedArray } from '@slipway/core';
import type { NestedTensorValues, Tensor, TensorSpec } from '@slipway/core';
import type { Frame } from './frame.js';

/** The shape a nested list spells, read along its first elements (raggedness is checked later). */
function nestedShape(values: unknown): number[] {
  const shape: number[] = [];
  let probe = values;
  while (Array.isArray(probe)) {
    shape.push(probe.length);
    probe = probe[0];
  }
  return shape;
}

/**
 * One input tensor from nested JSON values, in the datatype the model declares for it. Rows of
 * scalars fill a [rows, 1] input too: a column of a data frame is one value per row, and a
 * model exported with a trailing dimension of 1 expects exactly that.
 */
export function nestedToTensor(values: unknown, spec: TensorSpec): Tensor {
  const list = Array.isArray(values) ? values : [values];
  let shape = Array.isArray(values) ? nestedShape(values) : [];
  if (shape.length + 1 === spec.shape.length && spec.shape[spec.shape.length - 1] === 1) {
    shape = [...shape, 1];
  }
  const data = toTypedArray(spec.datatype, list as NestedTensorValues, { name: spec.name, shape });
  return { name: spec.name, datatype: spec.datatype, shape, data };
}

/** Named inputs from a `{ input: nested values }` dict; names the model lacks are ignored. */
export function tensorsFromDict(dict: Record<string, unknown>, specs: readonly TensorSpec[]) {
  return specs
    .filter((spec) => Object.hasOwn(dict, spec.name))
    .map((spec) => nestedToTensor(dict[spec.name], spec));
}

/**
 * Named inputs from rows whose columns are input names (records, dataframe_split): each input
 * stacks its per-row values along a new batch dimension.
 */
export function tensorsFromFrame(frame: Frame, specs: readonly TensorSpec[]): Tensor[] {
  const names = frame.names ?? [];
  const tensors: Tensor[] = [];
  for (const spec of specs) {
    const column = names.indexOf(spec.name);
    if (column === -1) continue;
    const rows: unknown[] = [];
    for (let row = 0; row < frame.rowCount; row += 1) {
      const value = frame.value(row, column);
      if (value === undefined) {
        throw invalidArgument(`Row ${row} has no value for input '${spec.name}'.`);
      }
      rows.push(value);
    }
    tensors.push(nestedToTensor(rows, spec));
  }
  return tensors;
}

/** An unnamed list is the whole input of a single-input model. */
export function tensorFromList(values: readonly unknown[], specs: readonly TensorSpec[]): Tensor {
  const [spec, ...others] = specs;
  if (spec === undefined || others.length > 0) {
    throw invalidArgument(
      `The model has ${specs.length} inputs (${specs.map((s) => `'${s.name}'`).join(', ')}); send them by name, e.g. {"inputs": {"${specs[0]?.name ?? 'input'}": [...]}}.`,
    );
  }
  return nestedToTensor(values, spec);
}
