import { float16BitsToNumber } from '@slipway/core';
import type { Tensor } from '@slipway/core';

const utf8 = new TextDecoder('utf-8');

/**
 * A tensor's `data` as JSON array text, flat row-major: numbers for numeric types (FP16 decoded),
 * booleans for BOOL, UTF-8 strings for BYTES (invalid sequences become U+FFFD; the binary data
 * extension carries arbitrary bytes). INT64 / UINT64 print their exact digits even beyond 2^53,
 * which JSON.stringify cannot do for bigints. JSON has no NaN or Infinity: non-finite floats print
 * as null, as JSON.stringify does; clients that need them ask for binary output.
 */
export function jsonDataText(tensor: Tensor): string {
  const { data } = tensor;
  switch (tensor.datatype) {
    case 'BYTES':
      return JSON.stringify((data as Uint8Array[]).map((bytes) => utf8.decode(bytes)));
    case 'BOOL':
      return JSON.stringify(Array.from(data as Uint8Array, (value) => value !== 0));
    case 'FP16':
      return JSON.stringify(Array.from(data as Uint16Array, float16BitsToNumber));
    case 'INT64':
    case 'UINT64':
      return `[${(data as BigInt64Array | BigUint64Array).join(',')}]`;
    default:
      return JSON.stringify(Array.from(data as ArrayLike<number>));
  }
}
