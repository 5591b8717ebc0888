import {
  float16BitsToNumber,
  invalidArgument,
  numberToFloat16Bits,
  toTypedArray,
} from '@slipway/core';
import type { ColumnSpec, Datatype, Tensor } from '@slipway/core';
import { cellToNumber } from './cell-value.js';
import type { StringCells } from './cell-value.js';
import type { Frame } from './frame.js';

export interface TabularInput {
  inputName: string;
  columns: readonly ColumnSpec[];
  /** The datatype of the [batch, columns] input tensor. */
  datatype: Datatype;
}

/**
 * Where each signature column is in the frame. Named frames are matched by name (extra columns
 * are ignored; every missing column is named in one error); positional rows must have exactly
 * one value per signature column, in signature order.
 */
export function columnPositions(frame: Frame, columns: readonly ColumnSpec[]): number[] {
  if (frame.names === undefined) {
    if (frame.rowCount > 0 && frame.width !== columns.length) {
      throw invalidArgument(
        `Rows without column names must have one value per model column, in order: the model has ${columns.length} columns (${columns.map((c) => c.name).join(', ')}) but the rows have ${frame.width} values.`,
      );
    }
    return columns.map((_column, index) => index);
  }
  const index = new Map(frame.names.map((name, position) => [name, position]));
  const missing = columns.filter((column) => !index.has(column.name));
  if (missing.length > 0) {
    const shown = missing.slice(0, 10).map((column) => `'${column.name}'`);
    if (missing.length > shown.length) shown.push(`and ${missing.length - shown.length} more`);
    throw invalidArgument(
      `Missing column${missing.length > 1 ? 's' : ''} ${shown.join(', ')}. The model takes ${columns.length} columns${columns.length <= 40 ? `: ${columns.map((c) => c.name).join(', ')}` : ''}.`,
    );
  }
  return columns.map((column) => index.get(column.name) as number);
}

/**
 * The model's [rows, columns] input tensor from a frame: columns in signature order (not the
 * request's), each cell checked against its column type (see cellToNumber), then stored in the
 * input's datatype. FP32 / FP16 round as the protocol's JSON data does; integer columns must
 * stay exact, and integer datatypes refuse fractions, so no value changes silently.
 */
export function frameToTabularTensor(
  frame: Frame,
  input: TabularInput,
  strings: StringCells,
  /** Added to row numbers in error messages, for frames that are a slice of a larger input. */
  rowOffset = 0,
): Tensor {
  const { columns, datatype, inputName } = input;
  const positions = columnPositions(frame, columns);
  const width = columns.length;
  const rows = frame.rowCount;
  const values = new Float64Array(rows * width);
  for (let row = 0; row < rows; row += 1) {
    for (let c = 0; c < width; c += 1) {
      const spec = columns[c] as ColumnSpec;
      const where = () => `Column '${spec.name}', row ${row + rowOffset}`;
      const value = cellToNumber(
        frame.value(row, positions[c] as number),
        spec.type,
        strings,
        where,
      );
      values[row * width + c] = value;
    }
  }
  checkIntegerColumnsExact(values, columns, datatype, rowOffset);
  const shape = [rows, width];
  if (datatype === 'FP64') return { name: inputName, datatype, shape, data: values };
  if (datatype === 'FP32') {
    return { name: inputName, datatype, shape, data: Float32Array.from(values) };
  }
  const data = toTypedArray(datatype, Array.from(values), { name: inputName, shape });
  return { name: inputName, datatype, shape, data };
}

const EXACT: Partial<Record<Datatype, (value: number) => boolean>> = {
  FP32: (value) => Math.fround(value) === value,
  FP16: (value) => float16BitsToNumber(numberToFloat16Bits(value)) === value,
};

/** Integer columns fed to a narrow float input must not round (16777217 is not an FP32). */
function checkIntegerColumnsExact(
  values: Float64Array,
  columns: readonly ColumnSpec[],
  datatype: Datatype,
  rowOffset: number,
): void {
  const exact = EXACT[datatype];
  if (exact === undefined) return;
  const width = columns.length;
  columns.forEach((column, c) => {
    if (column.type !== 'integer' && column.type !== 'long') return;
    for (let i = c; i < values.length; i += width) {
      const value = values[i] as number;
      if (!exact(value)) {
        throw invalidArgument(
          `Column '${column.name}', row ${Math.floor(i / width) + rowOffset}: ${value} is not exactly representable as ${datatype}, the model's input datatype.`,
        );
      }
    }
  });
}
