import { SlipwayError } from '../errors.js';
import { dataMatchesDatatype } from '../inference/datatype.js';
import type { Datatype, FixedDatatype } from '../inference/datatype.js';
import { float16BitsToNumber } from '../inference/float16.js';
import type { Tensor } from '../inference/tensor.js';
import { bytesToBase64 } from './bytes-to-base64.js';
import type { LoggedTensor, LoggedTensorValue } from './prediction-record.js';

/**
 * The binary form of a list of tensors, as the prediction log stores them. Little-endian:
 *
 *   u8 version (1) · u32 tensor count · per tensor:
 *     u8 datatype code · u32 name length · name (UTF-8) · u32 rank · rank × f64 dimension ·
 *     u32 element count · elements: raw fixed-size elements, or for BYTES u32 length + bytes each
 *
 * Numeric data is the tensor's own bytes copied once, so encoding does no per-element work (the
 * JSON form cost a float-to-text conversion per element and ~5x the bytes). The version byte is
 * never '[' (0x5b), so a reader can tell this from a JSON tensor list in the same column.
 * Dimensions are f64 because a shape with a zero dimension may have others beyond 2^32.
 */
export const TENSOR_CODEC_VERSION = 1;

// Codes are on disk: append new datatypes, never renumber. A list of its own rather than DATATYPES,
// so that reordering the protocol's list can never change what stored bytes mean.
const CODES: readonly Datatype[] = [
  'BOOL',
  'UINT8',
  'UINT16',
  'UINT32',
  'UINT64',
  'INT8',
  'INT16',
  'INT32',
  'INT64',
  'FP16',
  'FP32',
  'FP64',
  'BYTES',
];
const CODE_OF: ReadonlyMap<string, number> = new Map(CODES.map((d, i) => [d, i + 1]));

const ELEMENT_BYTES: Record<FixedDatatype, number> = {
  BOOL: 1,
  UINT8: 1,
  UINT16: 2,
  UINT32: 4,
  UINT64: 8,
  INT8: 1,
  INT16: 2,
  INT32: 4,
  INT64: 8,
  FP16: 2,
  FP32: 4,
  FP64: 8,
};

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const MAX_U32 = 0xffff_ffff;
const utf8Encoder = new TextEncoder();
const utf8Decoder = new TextDecoder('utf-8');

// Tensor names repeat on every prediction of a deployment: encode each once.
const NAME_CACHE_LIMIT = 512;
const nameCache = new Map<string, Uint8Array>();

function nameBytes(name: string): Uint8Array {
  let bytes = nameCache.get(name);
  if (bytes === undefined) {
    if (nameCache.size >= NAME_CACHE_LIMIT) nameCache.clear();
    bytes = utf8Encoder.encode(name);
    nameCache.set(name, bytes);
  }
  return bytes;
}

function invalid(index: number, what: string): TypeError {
  return new TypeError(`Tensor ${index} cannot be logged: ${what}`);
}

/** Encoded size of one tensor; throws a TypeError naming the problem if it cannot be encoded. */
function tensorLength(tensor: Tensor, index: number): number {
  if (typeof tensor !== 'object' || tensor === null) throw invalid(index, 'not an object');
  const { name, datatype, shape, data } = tensor;
  if (typeof name !== 'string') throw invalid(index, 'its name is not a string');
  if (CODE_OF.get(datatype) === undefined) {
    throw invalid(index, `unknown datatype ${String(datatype)}`);
  }
  if (!Array.isArray(shape) || shape.length > MAX_U32) {
    throw invalid(index, 'its shape is not an array');
  }
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw invalid(index, `its shape has the dimension ${String(dim)}`);
    }
  }
  if (!dataMatchesDatatype(datatype, data)) {
    throw invalid(index, `its data is not the representation of ${datatype}`);
  }
  if (data.length > MAX_U32) throw invalid(index, 'it has too many elements');
  let length = 1 + 4 + nameBytes(name).length + 4 + 8 * shape.length + 4;
  if (datatype === 'BYTES') {
    for (const element of data as Uint8Array[]) length += 4 + element.length;
  } else {
    length += (data as ArrayBufferView).byteLength;
  }
  return length;
}

/**
 * The encoded size of `tensors`, validating them on the way: a TypeError for a tensor that
 * `encodeTensors` would reject (unknown datatype, data of another representation, a bad shape).
 * Walks BYTES elements, never numeric ones.
 */
export function encodedTensorsLength(tensors: readonly Tensor[]): number {
  if (!Array.isArray(tensors)) throw new TypeError('Tensors to log must be an array');
  let length = 1 + 4;
  for (let i = 0; i < tensors.length; i++) length += tensorLength(tensors[i] as Tensor, i);
  return length;
}

/** Reverses each `size`-byte element in place: raw data is little-endian on disk. */
function swapBytes(bytes: Uint8Array, start: number, end: number, size: number): void {
  for (let i = start; i < end; i += size) {
    for (let a = i, b = i + size - 1; a < b; a++, b--) {
      const t = bytes[a] as number;
      bytes[a] = bytes[b] as number;
      bytes[b] = t;
    }
  }
}

/** Writes `tensors` at `pos` (space measured by `encodedTensorsLength`); returns the end. */
function encodeInto(
  tensors: readonly Tensor[],
  out: Uint8Array,
  view: DataView,
  pos: number,
): number {
  out[pos] = TENSOR_CODEC_VERSION;
  view.setUint32(pos + 1, tensors.length, true);
  pos += 5;
  for (const tensor of tensors) {
    const { datatype, shape, data } = tensor;
    out[pos] = CODE_OF.get(datatype) as number;
    const name = nameBytes(tensor.name);
    view.setUint32(pos + 1, name.length, true);
    out.set(name, pos + 5);
    pos += 5 + name.length;
    view.setUint32(pos, shape.length, true);
    pos += 4;
    for (const dim of shape) {
      view.setFloat64(pos, dim, true);
      pos += 8;
    }
    view.setUint32(pos, data.length, true);
    pos += 4;
    if (datatype === 'BYTES') {
      for (const element of data as Uint8Array[]) {
        view.setUint32(pos, element.length, true);
        out.set(element, pos + 4);
        pos += 4 + element.length;
      }
    } else {
      const typed = data as ArrayBufferView;
      out.set(new Uint8Array(typed.buffer, typed.byteOffset, typed.byteLength), pos);
      const size = ELEMENT_BYTES[datatype];
      if (!LITTLE_ENDIAN && size > 1) swapBytes(out, pos, pos + typed.byteLength, size);
      pos += typed.byteLength;
    }
  }
  return pos;
}

/** One allocation and one copy per tensor's data; see `TENSOR_CODEC_VERSION` for the layout. */
export function encodeTensors(tensors: readonly Tensor[]): Uint8Array {
  const out = new Uint8Array(encodedTensorsLength(tensors));
  encodeInto(tensors, out, new DataView(out.buffer), 0);
  return out;
}

/**
 * `encodeTensors` of each list, as views into one shared allocation: a batch of predictions costs
 * one buffer instead of one per list (allocating, not copying, was most of the encoding time).
 * The views keep the whole buffer alive, so hold them only as long as the batch.
 */
export function encodeTensorLists(lists: readonly (readonly Tensor[])[]): Uint8Array[] {
  const lengths = lists.map(encodedTensorsLength);
  let total = 0;
  for (const length of lengths) total += length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  const encoded: Uint8Array[] = [];
  let pos = 0;
  for (let i = 0; i < lists.length; i++) {
    const end = encodeInto(lists[i] as readonly Tensor[], out, view, pos);
    encoded.push(out.subarray(pos, end));
    pos = end;
  }
  return encoded;
}

function corrupt(why: string, cause?: unknown): SlipwayError {
  return new SlipwayError({
    code: 'INTERNAL',
    message: `Stored prediction tensors are corrupt: ${why}.`,
    ...(cause === undefined ? {} : { cause }),
  });
}

type NumericArray =
  | Uint8Array
  | Int8Array
  | Uint16Array
  | Int16Array
  | Uint32Array
  | Int32Array
  | Float32Array
  | Float64Array;

type TypedArrayOf<T> = new (buffer: ArrayBufferLike, byteOffset: number, length: number) => T;

/** `count` elements at `offset`, viewed in place when aligned, else copied. */
function elements<T>(
  bytes: Uint8Array,
  offset: number,
  count: number,
  size: number,
  Type: TypedArrayOf<T>,
): T {
  const byteOffset = bytes.byteOffset + offset;
  if (LITTLE_ENDIAN && byteOffset % size === 0) return new Type(bytes.buffer, byteOffset, count);
  // Not bytes.slice: on a Node Buffer (what drivers return) slice is a view, not a copy.
  const copy = new Uint8Array(bytes.subarray(offset, offset + count * size));
  if (!LITTLE_ENDIAN) swapBytes(copy, 0, copy.length, size);
  return new Type(copy.buffer, 0, count);
}

/** `+ 0` turns -0 into 0, as the JSON form (which prints -0 as 0) always did. */
function finiteOrName(value: number): number | string {
  return Number.isFinite(value) ? value + 0 : String(value);
}

function decodeData(
  datatype: FixedDatatype,
  bytes: Uint8Array,
  offset: number,
  count: number,
): LoggedTensorValue[] {
  const out: LoggedTensorValue[] = [];
  switch (datatype) {
    case 'BOOL':
      for (let i = 0; i < count; i++) out.push(bytes[offset + i] !== 0);
      return out;
    case 'INT64':
    case 'UINT64': {
      const Type = datatype === 'INT64' ? BigInt64Array : BigUint64Array;
      const values = elements<BigInt64Array | BigUint64Array>(bytes, offset, count, 8, Type);
      for (const value of values) out.push(String(value));
      return out;
    }
    case 'FP16': {
      const bits = elements(bytes, offset, count, 2, Uint16Array);
      for (const value of bits) out.push(finiteOrName(float16BitsToNumber(value)));
      return out;
    }
    case 'FP32':
    case 'FP64': {
      const Type = datatype === 'FP32' ? Float32Array : Float64Array;
      const size = datatype === 'FP32' ? 4 : 8;
      const values = elements<Float32Array | Float64Array>(bytes, offset, count, size, Type);
      for (const value of values) out.push(finiteOrName(value));
      return out;
    }
    default: {
      const Type = NUMERIC_TYPES[datatype];
      const values = elements<NumericArray>(bytes, offset, count, ELEMENT_BYTES[datatype], Type);
      for (const value of values) out.push(value);
      return out;
    }
  }
}

const NUMERIC_TYPES: Record<
  Exclude<FixedDatatype, 'BOOL' | 'INT64' | 'UINT64' | 'FP16' | 'FP32' | 'FP64'>,
  TypedArrayOf<NumericArray>
> = {
  UINT8: Uint8Array,
  UINT16: Uint16Array,
  UINT32: Uint32Array,
  INT8: Int8Array,
  INT16: Int16Array,
  INT32: Int32Array,
};

/**
 * The public JSON form of encoded tensors (see `LoggedTensorValue`): exactly what the logger's
 * earlier JSON encoding stored for the same tensors. INTERNAL for bytes that are not an encoding.
 */
export function decodeTensors(bytes: Uint8Array): LoggedTensor[] {
  if (bytes[0] !== TENSOR_CODEC_VERSION) {
    throw corrupt(`unknown encoding version ${String(bytes[0])}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.byteLength;
  const need = (pos: number, length: number): void => {
    if (pos + length > end) throw corrupt('the encoding ends early');
  };
  try {
    need(0, 5);
    const count = view.getUint32(1, true);
    const tensors: LoggedTensor[] = [];
    let pos = 5;
    for (let t = 0; t < count; t++) {
      need(pos, 5);
      const datatype = CODES[(bytes[pos] as number) - 1];
      if (datatype === undefined) throw corrupt(`unknown datatype code ${bytes[pos]}`);
      const nameLength = view.getUint32(pos + 1, true);
      pos += 5;
      need(pos, nameLength + 4);
      const name = utf8Decoder.decode(bytes.subarray(pos, pos + nameLength));
      pos += nameLength;
      const rank = view.getUint32(pos, true);
      pos += 4;
      need(pos, rank * 8 + 4);
      const shape: number[] = [];
      for (let d = 0; d < rank; d++, pos += 8) shape.push(view.getFloat64(pos, true));
      const elementCount = view.getUint32(pos, true);
      pos += 4;
      const data: LoggedTensorValue[] = [];
      if (datatype === 'BYTES') {
        for (let e = 0; e < elementCount; e++) {
          need(pos, 4);
          const length = view.getUint32(pos, true);
          need(pos + 4, length);
          data.push(bytesToBase64(bytes.subarray(pos + 4, pos + 4 + length)));
          pos += 4 + length;
        }
        tensors.push({ name, datatype, shape, data });
        continue;
      }
      const byteLength = elementCount * ELEMENT_BYTES[datatype];
      need(pos, byteLength);
      tensors.push({ name, datatype, shape, data: decodeData(datatype, bytes, pos, elementCount) });
      pos += byteLength;
    }
    if (pos !== end) throw corrupt(`${end - pos} bytes follow the last tensor`);
    return tensors;
  } catch (err) {
    throw err instanceof SlipwayError ? err : corrupt(String(err), err);
  }
}
