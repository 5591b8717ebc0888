import { SlipwayError, invalidArgument, tensorToJsonValues } from '@slipway/core';
import type { Datatype, Tensor } from '@slipway/core';
import type { ColumnKind } from './batch-types.js';

/** One output column: values `offset` of each row of output tensor `output`. */
export interface OutputColumn {
  name: string;
  output: string;
  offset: number;
  /** Values per row of the output, checked on every chunk. */
  width: number;
  kind: ColumnKind;
}

export function kindOfDatatype(datatype: Datatype): ColumnKind {
  if (datatype === 'BOOL') return 'boolean';
  if (datatype === 'BYTES') return 'string';
  if (datatype === 'FP16' || datatype === 'FP32' || datatype === 'FP64') return 'double';
  return 'int64';
}

interface OutputShape {
  name: string;
  datatype: Datatype;
  shape: readonly number[];
}

function rowWidth(shape: readonly number[]): number {
  return shape.slice(1).reduce((total, dim) => total * (dim === -1 ? 1 : dim), 1);
}

/**
 * The output columns for a model's outputs: `prediction` for a model with one output of one
 * value per row; otherwise `<output>` for one-value outputs and `<output>_<i>` for each value
 * of a wider row (row-major). Names must not collide with the input's columns.
 */
export function planOutputColumns(
  outputs: readonly OutputShape[],
  inputColumns: readonly string[],
): OutputColumn[] {
  const [only] = outputs;
  const columns: OutputColumn[] =
    outputs.length === 1 && only !== undefined && rowWidth(only.shape) === 1
      ? [
          {
            name: 'prediction',
            output: only.name,
            offset: 0,
            width: 1,
            kind: kindOfDatatype(only.datatype),
          },
        ]
      : outputs.flatMap((output) => {
          const width = rowWidth(output.shape);
          const kind = kindOfDatatype(output.datatype);
          return Array.from({ length: width }, (_unused, offset) => ({
            name: width === 1 ? output.name : `${output.name}_${offset}`,
            output: output.name,
            offset,
            width,
            kind,
          }));
        });
  const taken = new Set(inputColumns);
  const clash = columns.find((column) => taken.has(column.name));
  if (clash !== undefined) {
    throw invalidArgument(
      `The input already has a column '${clash.name}', which would hold the model's output; rename that input column.`,
    );
  }
  return columns;
}

/** Column-major output cells of one chunk: numbers, bigints beyond 2^53, booleans or strings. */
export function outputCells(
  tensors: readonly Tensor[],
  plan: readonly OutputColumn[],
  rows: number,
) {
  const byName = new Map(tensors.map((tensor) => [tensor.name, tensor]));
  const values = new Map<string, ReturnType<typeof tensorToJsonValues>>();
  return plan.map((column) => {
    const tensor = byName.get(column.output);
    if (
      tensor === undefined ||
      tensor.shape[0] !== rows ||
      rowWidth(tensor.shape) !== column.width
    ) {
      throw new SlipwayError({
        code: 'INTERNAL',
        message: `The model's output '${column.output}' changed shape between chunks (${tensor ? `[${tensor.shape.join(', ')}]` : 'missing'}); batch prediction needs ${column.width} values per row.`,
      });
    }
    let flat = values.get(column.output);
    if (flat === undefined) {
      flat = tensorToJsonValues(tensor);
      values.set(column.output, flat);
    }
    const cells: unknown[] = new Array(rows);
    for (let row = 0; row < rows; row += 1) cells[row] = flat[row * column.width + column.offset];
    return cells;
  });
}
