import { float16BitsToNumber } from './float16.js';
import type { Tensor } from './tensor.js';

export type JsonTensorValue = number | boolean | string | bigint;

const utf8 = new TextDecoder('utf-8');

/**
 * Flat row-major values for the protocol's JSON `data` field: numbers for numeric types (FP16
 * decoded), booleans for BOOL, UTF-8 strings for BYTES (invalid sequences become U+FFFD; the binary
 * data extension carries arbitrary bytes). INT64 / UINT64 values beyond 2^53 - 1 stay bigints so
 * the caller's serializer can print their exact digits instead of a rounded number.
 */
export function tensorToJsonValues(tensor: Tensor): JsonTensorValue[] {
  const { datatype, data } = tensor;
  if (datatype === 'BYTES') return (data as Uint8Array[]).map((bytes) => utf8.decode(bytes));
  if (datatype === 'BOOL') return Array.from(data as Uint8Array, (value) => value !== 0);
  if (datatype === 'FP16') return Array.from(data as Uint16Array, float16BitsToNumber);
  if (datatype === 'INT64' || datatype === 'UINT64') {
    return Array.from(data as BigInt64Array | BigUint64Array, (value) => {
      const asNumber = Number(value);
      return Number.isSafeInteger(asNumber) ? asNumber : value;
    });
  }
  return Array.from(data as ArrayLike<number>);
}
