import { invalidArgument } from '../errors.js';
import { INTEGER_RANGES, allocateTensorData } from './datatype.js';
import type { Datatype, TensorDataMap } from './datatype.js';
import { numberToFloat16Bits } from './float16.js';
import { elementCount, formatShape } from './tensor.js';

/** One element as it arrives from JSON (or from a JS caller: bigints and byte arrays too). */
export type TensorValue = number | boolean | string | bigint | Uint8Array | null;
/** Flat or nested (row-major) element lists, as the protocol allows. */
export type NestedTensorValues = readonly (TensorValue | NestedTensorValues)[];

export interface ToTypedArrayOptions {
  /** Named in every error message. */
  name: string;
  /** When given, the element count must match it. */
  shape?: readonly number[];
}

const utf8 = new TextEncoder();

/**
 * Builds tensor data from untyped JS values (the JSON path of the protocol).
 *
 * Value rules, per target datatype (each violation is INVALID_ARGUMENT naming the tensor and the
 * element):
 * - FP16 / FP32 / FP64: any JS number, taken as-is; rounding to the nearest representable value
 *   (ties to even) is what FP16/FP32 JSON data means in the protocol, so it is not an error.
 * - integer types up to 32 bits: the number must be an integer within the type's range; 1.5 or
 *   300 for UINT8 is rejected, never truncated or wrapped. Bigints are accepted in range.
 * - INT64 / UINT64: an integer number must be a safe integer (|v| <= 2^53 - 1): larger JSON numbers
 *   were already rounded by the JSON parser, so their exact value is unknown. Bigints carry any
 *   value in range.
 * - BOOL: true / false, or the numbers 0 and 1.
 * - BYTES: a string (encoded as UTF-8) or a Uint8Array.
 * Nested input must be rectangular; the element count must match `shape` when one is given.
 */
export function toTypedArray<D extends Datatype>(
  datatype: D,
  values: NestedTensorValues,
  options: ToTypedArrayOptions,
): TensorDataMap[D] {
  const flat = flattenValues(values, options.name);
  if (options.shape !== undefined) {
    const expected = elementCount(options.shape, options.name);
    if (flat.length !== expected) {
      throw invalidArgument(
        `Tensor '${options.name}' has shape ${formatShape(options.shape)} (${expected} elements) but ${flat.length} data elements.`,
      );
    }
  }
  const data = allocateTensorData(datatype, flat.length);
  const convert = elementConverter(datatype, options.name);
  for (let i = 0; i < flat.length; i += 1) {
    (data as unknown[])[i] = convert(flat[i] as TensorValue, i);
  }
  return data;
}

function flattenValues(values: NestedTensorValues, name: string): TensorValue[] {
  if (!Array.isArray(values)) {
    throw invalidArgument(`Tensor '${name}': data must be an array.`);
  }
  if (!values.some((value) => Array.isArray(value))) return values as TensorValue[];
  // The first element at each level fixes the nested shape; every other row must match it.
  const dims: number[] = [];
  let probe: unknown = values;
  while (Array.isArray(probe)) {
    dims.push(probe.length);
    probe = probe[0];
  }
  const out: TensorValue[] = [];
  const walk = (level: readonly unknown[], depth: number): void => {
    if (level.length !== dims[depth]) {
      throw invalidArgument(`Tensor '${name}': nested data is ragged (rows of different lengths).`);
    }
    const leaf = depth === dims.length - 1;
    for (const item of level) {
      if (Array.isArray(item) === leaf) {
        throw invalidArgument(`Tensor '${name}': nested data mixes lists and single values.`);
      }
      if (leaf) out.push(item as TensorValue);
      else walk(item as unknown[], depth + 1);
    }
  };
  walk(values, 0);
  return out;
}

type ElementConverter = (value: TensorValue, index: number) => unknown;

function elementConverter(datatype: Datatype, name: string): ElementConverter {
  const fail = (index: number, value: TensorValue, why: string): never => {
    const shown = value instanceof Uint8Array ? 'bytes' : JSON.stringify(String(value));
    throw invalidArgument(`Tensor '${name}': element ${index} (${shown}) ${why}.`);
  };
  switch (datatype) {
    case 'FP32':
    case 'FP64':
      return (value, index) =>
        typeof value === 'number' ? value : fail(index, value, `is not a number (${datatype})`);
    case 'FP16':
      return (value, index) =>
        typeof value === 'number'
          ? numberToFloat16Bits(value)
          : fail(index, value, 'is not a number (FP16)');
    case 'BOOL':
      return (value, index) => {
        if (value === true || value === 1) return 1;
        if (value === false || value === 0) return 0;
        return fail(index, value, 'is not a boolean (BOOL takes true, false, 0 or 1)');
      };
    case 'BYTES':
      return (value, index) => {
        if (typeof value === 'string') return utf8.encode(value);
        if (value instanceof Uint8Array) return value;
        return fail(index, value, 'is not a string (BYTES)');
      };
    default:
      return integerConverter(datatype, fail);
  }
}

function integerConverter(
  datatype: Datatype,
  fail: (index: number, value: TensorValue, why: string) => never,
): ElementConverter {
  const range = INTEGER_RANGES[datatype];
  if (range === undefined) throw new Error(`no integer range for ${datatype}`);
  const [min, max] = range;
  const is64 = datatype === 'INT64' || datatype === 'UINT64';
  const minNumber = Number(min);
  const maxNumber = Number(max);
  return (value, index) => {
    if (typeof value === 'bigint') {
      if (value < min || value > max) fail(index, value, `is outside the range of ${datatype}`);
      return is64 ? value : Number(value);
    }
    if (typeof value !== 'number' || !Number.isInteger(value)) {
      return fail(index, value, `is not an integer (${datatype})`);
    }
    if (is64) {
      if (!Number.isSafeInteger(value)) {
        fail(
          index,
          value,
          'exceeds 2^53 - 1, so JSON cannot carry it exactly; send it with the binary data extension',
        );
      }
      if (value < minNumber) fail(index, value, `is outside the range of ${datatype}`);
      return BigInt(value);
    }
    if (value < minNumber || value > maxNumber) {
      fail(index, value, `is outside the range of ${datatype}`);
    }
    return value;
  };
}
