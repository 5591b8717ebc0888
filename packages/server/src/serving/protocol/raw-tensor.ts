import { allocateTensorData, datatypeByteSize, elementCount, invalidArgument } from '@slipway/core';
import type { Datatype, Tensor, TensorData } from '@slipway/core';

/**
 * The protocol's raw tensor byte layout, shared by the REST binary data extension and gRPC's
 * raw_input_contents / raw_output_contents: little-endian, row-major, no padding; BOOL is one byte
 * (0 or 1); a BYTES element is a 4-byte little-endian unsigned length followed by its bytes.
 */

const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reverses the bytes of each `size`-byte element in place (only on big-endian hosts). */
function swapBytes(bytes: Uint8Array, size: number): void {
  if (size === 1) return;
  for (let start = 0; start < bytes.length; start += size) {
    bytes.subarray(start, start + size).reverse();
  }
}

export interface RawTensorSpec {
  name: string;
  datatype: Datatype;
  shape: readonly number[];
}

/**
 * Tensor data from raw bytes. Fixed-size types are copied into a fresh typed array (aligned, and
 * owned by the tensor so the runtime may transfer it); BYTES elements are views into `bytes`.
 */
export function decodeRawTensor(bytes: Uint8Array, spec: RawTensorSpec): TensorData {
  const count = elementCount(spec.shape, spec.name);
  if (spec.datatype === 'BYTES') return decodeRawBytes(bytes, count, spec.name);
  const size = datatypeByteSize(spec.datatype) ?? 1;
  if (bytes.length !== count * size) {
    throw invalidArgument(
      `Input '${spec.name}': ${spec.datatype} shape [${spec.shape.join(', ')}] needs ${count * size} bytes of binary data but ${bytes.length} were given.`,
    );
  }
  const data = allocateTensorData(spec.datatype, count) as Exclude<TensorData, Uint8Array[]>;
  const target = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  target.set(bytes);
  if (!LITTLE_ENDIAN) swapBytes(target, size);
  if (spec.datatype === 'BOOL') {
    const bad = target.findIndex((value) => value > 1);
    if (bad !== -1) {
      throw invalidArgument(
        `Input '${spec.name}': BOOL element ${bad} is the byte ${target[bad]}; BOOL bytes must be 0 or 1.`,
      );
    }
  }
  return data;
}

function decodeRawBytes(bytes: Uint8Array, count: number, name: string): Uint8Array[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Uint8Array[] = new Array<Uint8Array>(count);
  let offset = 0;
  for (let i = 0; i < count; i += 1) {
    if (offset + 4 > bytes.length) {
      throw invalidArgument(
        `Input '${name}': BYTES binary data ends before element ${i} of ${count} (each element is a 4-byte little-endian length followed by its bytes).`,
      );
    }
    const length = view.getUint32(offset, true);
    offset += 4;
    if (offset + length > bytes.length) {
      throw invalidArgument(
        `Input '${name}': BYTES element ${i} declares ${length} bytes but only ${bytes.length - offset} remain.`,
      );
    }
    out[i] = bytes.subarray(offset, offset + length);
    offset += length;
  }
  if (offset !== bytes.length) {
    throw invalidArgument(
      `Input '${name}': BYTES binary data holds ${bytes.length - offset} bytes after its ${count} elements.`,
    );
  }
  return out;
}

/** The raw bytes of a tensor. Fixed-size types on little-endian hosts are a view, not a copy. */
export function encodeRawTensor(tensor: Tensor): Uint8Array {
  if (tensor.datatype === 'BYTES') return encodeRawBytes(tensor.data as Uint8Array[]);
  const data = tensor.data as Exclude<TensorData, Uint8Array[]>;
  const view = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  if (LITTLE_ENDIAN) return view;
  const copy = view.slice();
  swapBytes(copy, data.BYTES_PER_ELEMENT);
  return copy;
}

function encodeRawBytes(elements: readonly Uint8Array[]): Uint8Array {
  let total = 0;
  for (const element of elements) total += 4 + element.length;
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let offset = 0;
  for (const element of elements) {
    view.setUint32(offset, element.length, true);
    out.set(element, offset + 4);
    offset += 4 + element.length;
  }
  return out;
}
