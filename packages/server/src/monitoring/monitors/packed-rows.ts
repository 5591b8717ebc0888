import type { JsonValue, LoggedTensor, LoggedTensorValue } from '@slipway/core';
import type { WindowRow } from '../../prediction-log/prediction-window.js';

/**
 * The tensors of one side (inputs or outputs) of a slice of rows, flat. Tensor t of the slice
 * has its cells at `[dataStart[t], dataStart[t] + dataLength[t])` of `numbers` when `numeric[t]`
 * is 1, else of `values`.
 */
export interface PackedTensors {
  /** Per row, the index of its first tensor; one more entry than rows. */
  firstTensor: Uint32Array;
  /** Indexes into PackedRows.strings. */
  name: Uint32Array;
  datatype: Uint32Array;
  /** Per tensor, where its dimensions start in `dims`; one more entry than tensors. */
  shapeStart: Uint32Array;
  dims: Float64Array;
  numeric: Uint8Array;
  dataStart: Uint32Array;
  dataLength: Uint32Array;
  numbers: Float64Array;
  /** The cells of BYTES and BOOL tensors (and of any tensor with cells that are not numbers). */
  values: LoggedTensorValue[];
}

export interface PackedSlice {
  rows: number;
  time: Float64Array;
  /** Per row, its model version as an index into PackedRows.strings. */
  version: Uint32Array;
  inputs: PackedTensors;
  outputs: PackedTensors;
  /** The rows (of this slice) with ground truth, ascending, and their labels. */
  labelled: Uint32Array;
  labels: JsonValue[];
}

/**
 * Window rows in typed arrays, to post to a worker: structured-cloning 100,000 row objects with
 * their tensors took the posting thread ~2 s; these buffers are transferred instead. Sliced, so
 * that packing yields to the event loop between slices.
 */
export interface PackedRows {
  /** Names, datatypes and versions, each once. */
  strings: string[];
  slices: PackedSlice[];
}

/** A slice ends at this many rows or this many cells, whichever comes first. */
const SLICE_ROWS = 5_000;
const SLICE_CELLS = 1 << 20;

/**
 * Whether a tensor's cells survive as float64: the monitor reads every cell that is not BYTES
 * or BOOL as a number (`cellOf`: INT64 strings and "NaN" / "Infinity" included), so Number() of
 * it here is what it would have been there.
 */
function isNumeric(tensor: LoggedTensor): boolean {
  if (tensor.datatype === 'BYTES' || tensor.datatype === 'BOOL') return false;
  const { data } = tensor;
  for (let k = 0; k < data.length; k++) {
    const kind = typeof data[k];
    if (kind !== 'number' && kind !== 'string') return false;
  }
  return true;
}

class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  of(value: string): number {
    let i = this.index.get(value);
    if (i === undefined) {
      i = this.strings.length;
      this.strings.push(value);
      this.index.set(value, i);
    }
    return i;
  }
}

function packTensors(
  lists: readonly (readonly LoggedTensor[])[],
  strings: StringTable,
): PackedTensors {
  let tensors = 0;
  let dims = 0;
  let numbers = 0;
  for (const list of lists) {
    tensors += list.length;
    for (const tensor of list) {
      dims += tensor.shape.length;
      numbers += tensor.data.length;
    }
  }
  const packed: PackedTensors = {
    firstTensor: new Uint32Array(lists.length + 1),
    name: new Uint32Array(tensors),
    datatype: new Uint32Array(tensors),
    shapeStart: new Uint32Array(tensors + 1),
    dims: new Float64Array(dims),
    numeric: new Uint8Array(tensors),
    dataStart: new Uint32Array(tensors),
    dataLength: new Uint32Array(tensors),
    // Sized for every cell; the few non-numeric ones leave a tail unused.
    numbers: new Float64Array(numbers),
    values: [],
  };
  let t = 0;
  let d = 0;
  let n = 0;
  for (let row = 0; row < lists.length; row++) {
    packed.firstTensor[row] = t;
    for (const tensor of lists[row]!) {
      const { shape, data } = tensor;
      packed.name[t] = strings.of(tensor.name);
      packed.datatype[t] = strings.of(tensor.datatype);
      packed.shapeStart[t] = d;
      for (let k = 0; k < shape.length; k++) packed.dims[d++] = shape[k]!;
      packed.dataLength[t] = data.length;
      if (isNumeric(tensor)) {
        packed.numeric[t] = 1;
        packed.dataStart[t] = n;
        for (let k = 0; k < data.length; k++) {
          const value = data[k]!;
          packed.numbers[n++] = typeof value === 'number' ? value : Number(value);
        }
      } else {
        packed.dataStart[t] = packed.values.length;
        for (let k = 0; k < data.length; k++) packed.values.push(data[k]!);
      }
      t++;
    }
  }
  packed.firstTensor[lists.length] = t;
  packed.shapeStart[t] = d;
  return packed;
}

function cellsOf(row: WindowRow): number {
  let cells = 0;
  for (const tensor of row.inputs) cells += tensor.data.length;
  for (const tensor of row.outputs) cells += tensor.data.length;
  return cells;
}

function packSlice(rows: readonly WindowRow[], strings: StringTable): PackedSlice {
  const time = new Float64Array(rows.length);
  const version = new Uint32Array(rows.length);
  const inputs: LoggedTensor[][] = [];
  const outputs: LoggedTensor[][] = [];
  const labelled: number[] = [];
  const labels: JsonValue[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    time[i] = row.time;
    version[i] = strings.of(row.modelVersion);
    inputs.push(row.inputs);
    outputs.push(row.outputs);
    if (row.groundTruth === undefined) continue;
    labelled.push(i);
    labels.push(row.groundTruth.label);
  }
  return {
    rows: rows.length,
    time,
    version,
    inputs: packTensors(inputs, strings),
    outputs: packTensors(outputs, strings),
    labelled: Uint32Array.from(labelled),
    labels,
  };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Packs rows a slice at a time, letting the event loop run between slices. */
export async function packRows(rows: readonly WindowRow[]): Promise<PackedRows> {
  const strings = new StringTable();
  const slices: PackedSlice[] = [];
  let start = 0;
  while (start < rows.length) {
    let end = start;
    let cells = 0;
    while (
      end < rows.length &&
      end - start < SLICE_ROWS &&
      (cells < SLICE_CELLS || end === start)
    ) {
      cells += cellsOf(rows[end]!);
      end++;
    }
    if (slices.length > 0) await yieldToEventLoop();
    slices.push(packSlice(rows.slice(start, end), strings));
    start = end;
  }
  return { strings: strings.strings, slices };
}

/** The buffers to transfer with a post of `packed` (each typed array has its own). */
export function packedBuffers(packed: PackedRows): ArrayBuffer[] {
  const buffers: ArrayBuffer[] = [];
  const add = (array: ArrayBufferView) => {
    if (array.buffer instanceof ArrayBuffer) buffers.push(array.buffer);
  };
  for (const slice of packed.slices) {
    for (const array of [slice.time, slice.version, slice.labelled]) add(array);
    for (const side of [slice.inputs, slice.outputs]) {
      for (const array of [
        side.firstTensor,
        side.name,
        side.datatype,
        side.shapeStart,
        side.dims,
        side.numeric,
        side.dataStart,
        side.dataLength,
        side.numbers,
      ]) {
        add(array);
      }
    }
  }
  return buffers;
}

function unpackTensors(packed: PackedTensors, row: number, strings: string[]): LoggedTensor[] {
  const tensors: LoggedTensor[] = [];
  for (let t = packed.firstTensor[row]!; t < packed.firstTensor[row + 1]!; t++) {
    const start = packed.dataStart[t]!;
    const end = start + packed.dataLength[t]!;
    tensors.push({
      name: strings[packed.name[t]!]!,
      datatype: strings[packed.datatype[t]!]! as LoggedTensor['datatype'],
      shape: Array.from(packed.dims.subarray(packed.shapeStart[t]!, packed.shapeStart[t + 1]!)),
      data:
        packed.numeric[t] === 1
          ? Array.from(packed.numbers.subarray(start, end))
          : packed.values.slice(start, end),
    });
  }
  return tensors;
}

/** The rows `packRows` packed, as the monitor reads them (numeric cells as numbers). */
export function unpackRows(packed: PackedRows): WindowRow[] {
  const { strings } = packed;
  const rows: WindowRow[] = [];
  for (const slice of packed.slices) {
    let next = 0;
    for (let i = 0; i < slice.rows; i++) {
      const row: WindowRow = {
        time: slice.time[i]!,
        modelVersion: strings[slice.version[i]!]!,
        inputs: unpackTensors(slice.inputs, i, strings),
        outputs: unpackTensors(slice.outputs, i, strings),
      };
      if (slice.labelled[next] === i) row.groundTruth = { label: slice.labels[next++]! };
      rows.push(row);
    }
  }
  return rows;
}
