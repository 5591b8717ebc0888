import { invalidArgument } from '@slipway/core';
import type { Tensor, TensorSpec } from '@slipway/core';
import { isPlainObject } from '../protocol/parameters.js';
import type { ModelMetadata } from '../runtime/model-runtime.js';
import type { StringCells } from './cell-value.js';
import { frameFromColumns, frameFromRecords, frameFromRows } from './frame.js';
import type { Frame } from './frame.js';
import {
  nestedToTensor,
  tensorFromList,
  tensorsFromDict,
  tensorsFromFrame,
} from './named-tensors.js';
import type { ScoringPayload } from './scoring-payload.js';
import { tableInputOf, tableTensor, tabularInputOf } from './table-input.js';
import { frameToTabularTensor } from './tabular-tensor.js';
import type { TabularInput } from './tabular-tensor.js';

export interface DecodedScoringRequest {
  inputs: Tensor[];
  /** Rows of a tabular request (0 rows needs no inference); undefined for tensor inputs. */
  rows: number | undefined;
}

/**
 * A scoring payload as the model's input tensors. Tabular models take any of the four formats
 * as rows of named columns (or positional rows in signature order); a model with one 2-D input
 * takes a data frame's columns in order (see tableInputOf); other models take tensors by input
 * name, or one unnamed list for a single-input model.
 */
export function decodeScoringRequest(
  payload: ScoringPayload,
  metadata: ModelMetadata,
  strings: StringCells = 'reject',
): DecodedScoringRequest {
  const tabular = tabularInputOf(metadata);
  if (tabular !== undefined) {
    const direct = directTabularTensor(payload, tabular, metadata.inputs);
    if (direct !== undefined) return { inputs: [direct], rows: undefined };
    const frame = payloadFrame(payload, tabular.columns.length === 1);
    return { inputs: [frameToTabularTensor(frame, tabular, strings)], rows: frame.rowCount };
  }
  // A data frame for a model with one 2-D input: its columns in order (MLflow's ONNX flavor).
  // `inputs` and `instances` stay tensors, as in MLflow.
  if (payload.format === 'dataframe_split' || payload.format === 'dataframe_records') {
    const frame = payloadFrame(payload, false);
    const table = tableInputOf(metadata, frame);
    if (table !== undefined) {
      return { inputs: [tableTensor(frame, table, strings)], rows: frame.rowCount };
    }
  }
  return { inputs: namedTensors(payload, metadata.inputs), rows: undefined };
}

/** The rows of a payload, whatever its format. */
export function payloadFrame(payload: ScoringPayload, singleColumn: boolean): Frame {
  const { format, data } = payload;
  const where = `'${format}'`;
  if (format === 'dataframe_split') {
    const split = splitParts(data);
    return frameFromRows(split.data, split.columns, where);
  }
  if (format === 'dataframe_records') {
    if (!Array.isArray(data)) throw invalidArgument(`${where} must be a list of records.`);
    return frameFromRecords(data, where);
  }
  if (isPlainObject(data)) return frameFromColumns(data, where);
  if (!Array.isArray(data)) {
    throw invalidArgument(`${where} must be a list of rows or an object of column -> values.`);
  }
  if (data.length === 0 || Array.isArray(data[0])) return frameFromRows(data, undefined, where);
  if (isPlainObject(data[0])) return frameFromRecords(data, where);
  if (singleColumn) {
    return frameFromRows(
      data.map((value) => [value]),
      undefined,
      where,
    );
  }
  throw invalidArgument(
    `${where} must hold rows (lists of values, or objects of column -> value), not single values.`,
  );
}

function splitParts(data: unknown): { data: unknown[]; columns: string[] | undefined } {
  if (!isPlainObject(data) || !Array.isArray(data.data)) {
    throw invalidArgument(
      `'dataframe_split' must be an object with "data" (a list of rows) and "columns" (their names).`,
    );
  }
  const { columns } = data;
  if (columns === undefined || columns === null) return { data: data.data, columns: undefined };
  if (!Array.isArray(columns) || !columns.every((name) => typeof name === 'string')) {
    throw invalidArgument(`'dataframe_split' "columns" must be a list of column names.`);
  }
  if (new Set(columns).size !== columns.length) {
    throw invalidArgument(`'dataframe_split' "columns" names a column more than once.`);
  }
  return { data: data.data, columns };
}

/**
 * `{"inputs": {"<input tensor>": [[...], ...]}}` for a tabular model: the tensor itself, when the
 * dict names the input tensor rather than the columns.
 */
function directTabularTensor(
  payload: ScoringPayload,
  tabular: TabularInput,
  specs: readonly TensorSpec[],
): Tensor | undefined {
  const { data } = payload;
  if (payload.format !== 'inputs' && payload.format !== 'instances') return undefined;
  if (!isPlainObject(data) || !Object.hasOwn(data, tabular.inputName)) return undefined;
  if (tabular.columns.every((column) => Object.hasOwn(data, column.name))) return undefined;
  const spec = specs.find((input) => input.name === tabular.inputName) as TensorSpec;
  return nestedToTensor(data[tabular.inputName], spec);
}

function namedTensors(payload: ScoringPayload, specs: readonly TensorSpec[]): Tensor[] {
  const { format, data } = payload;
  if (format === 'dataframe_split') {
    const split = splitParts(data);
    if (split.columns === undefined) return [tensorFromList(split.data, specs)];
    return tensorsFromFrame(frameFromRows(split.data, split.columns, `'${format}'`), specs);
  }
  if (isPlainObject(data)) return tensorsFromDict(data, specs);
  if (!Array.isArray(data)) {
    throw invalidArgument(`'${format}' must be a list or an object of input name -> values.`);
  }
  if (format === 'dataframe_records' || (data.length > 0 && isPlainObject(data[0]))) {
    return tensorsFromFrame(frameFromRecords(data, `'${format}'`), specs);
  }
  return [tensorFromList(data, specs)];
}
