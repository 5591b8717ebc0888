import { columnTypeOf, invalidArgument } from '@slipway/core';
import type { ColumnType, Tensor } from '@slipway/core';
import type { ModelMetadata } from '../runtime/model-runtime.js';
import type { StringCells } from './cell-value.js';
import type { Frame } from './frame.js';
import { frameToTabularTensor } from './tabular-tensor.js';
import type { TabularInput } from './tabular-tensor.js';

/** How a table fills a model's input; `positional` when its columns are taken in order. */
export interface TableInput extends TabularInput {
  positional: boolean;
}

/** The column layout of a table: its names (undefined for bare rows) and width. */
export interface TableShape {
  names: readonly string[] | undefined;
  width: number;
}

/** The tabular input of a model, when its signature names columns. */
export function tabularInputOf(metadata: ModelMetadata): TabularInput | undefined {
  const tabular = metadata.tabular;
  if (tabular === undefined) return undefined;
  const spec = metadata.inputs.find((input) => input.name === tabular.inputName);
  if (spec === undefined) return undefined;
  return { inputName: tabular.inputName, columns: tabular.columns, datatype: spec.datatype };
}

/**
 * How rows of columns (MLflow's data frames, CSV, Parquet and JSONL files) become the model's
 * input:
 * - a model whose signature names its columns takes them by name (positional rows in order);
 * - otherwise, as MLflow's ONNX flavor feeds a DataFrame, a model with one numeric 2-D input
 *   takes the table's columns in the table's order, and their count must be the input's width;
 * - otherwise (or when a column is named as the input tensor itself) undefined: the table's
 *   columns are input tensors by name.
 * `sourceTypes` are column types the source declares (Parquet INT64 and BOOLEAN columns), so
 * integers fed to a float input must convert exactly.
 */
export function tableInputOf(
  metadata: ModelMetadata,
  table: TableShape,
  sourceTypes?: readonly (ColumnType | undefined)[],
): TableInput | undefined {
  const declared = tabularInputOf(metadata);
  if (declared !== undefined) return { ...declared, positional: false };
  const [spec, ...others] = metadata.inputs;
  if (spec === undefined || others.length > 0) return undefined;
  if (spec.shape.length !== 2 || spec.datatype === 'BYTES') return undefined;
  if (table.names?.includes(spec.name) === true) return undefined;
  const width = spec.shape[1] as number;
  if (width !== -1 && width !== table.width) {
    const names = table.names === undefined ? '' : `: ${listNames(table.names)}`;
    throw invalidArgument(
      `The model's input '${spec.name}' takes ${width} columns, in order, but the table has ${table.width}${names}.`,
    );
  }
  const type = columnTypeOf(spec.datatype);
  const columns = Array.from({ length: table.width }, (_, index) => ({
    name: table.names?.[index] ?? String(index),
    type: spec.datatype === 'BOOL' ? type : (exactTypeOf(sourceTypes?.[index]) ?? type),
  }));
  return { inputName: spec.name, columns, datatype: spec.datatype, positional: true };
}

/** The input tensor from a table's rows, `rowOffset` counting rows in error messages. */
export function tableTensor(
  frame: Frame,
  input: TableInput,
  strings: StringCells,
  rowOffset = 0,
): Tensor {
  // Positional: cells by index, whatever the names (they may repeat in a CSV header).
  const source: Frame = input.positional
    ? { rowCount: frame.rowCount, names: undefined, width: frame.width, value: frame.value }
    : frame;
  return frameToTabularTensor(source, input, strings, rowOffset);
}

/** Declared integer and boolean columns keep their type, so their values are checked as such. */
function exactTypeOf(type: ColumnType | undefined): ColumnType | undefined {
  return type === 'long' || type === 'integer' || type === 'boolean' ? type : undefined;
}

function listNames(names: readonly string[]): string {
  const shown = names.slice(0, 40).map((name) => `'${name}'`);
  if (names.length > shown.length) shown.push(`and ${names.length - shown.length} more`);
  return shown.join(', ');
}
