import { float16BitsToNumber } from '@slipway/core';
import type { LoggedTensor, LoggedTensorValue, Tensor } from '@slipway/core';

function finiteOrName(value: number): number | string {
  return Number.isFinite(value) ? value : String(value);
}

/**
 * The stored JSON form of a tensor (see `LoggedTensorValue`): runs in the flusher, never on the
 * request path. Non-finite floats become "NaN" / "Infinity" / "-Infinity" because JSON.stringify
 * would turn them into null and lose them.
 */
export function toLoggedTensor(tensor: Tensor): LoggedTensor {
  const { datatype } = tensor;
  let data: LoggedTensorValue[];
  switch (datatype) {
    case 'BYTES':
      data = (tensor.data as Uint8Array[]).map((bytes) =>
        Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64'),
      );
      break;
    case 'BOOL':
      data = Array.from(tensor.data as Uint8Array, (value) => value !== 0);
      break;
    case 'INT64':
    case 'UINT64':
      data = Array.from(tensor.data as BigInt64Array | BigUint64Array, (value) => String(value));
      break;
    case 'FP16':
      data = Array.from(tensor.data as Uint16Array, (bits) =>
        finiteOrName(float16BitsToNumber(bits)),
      );
      break;
    case 'FP32':
    case 'FP64':
      data = Array.from(tensor.data as Float32Array | Float64Array, finiteOrName);
      break;
    default:
      data = Array.from(tensor.data as ArrayLike<number>);
  }
  return { name: tensor.name, datatype, shape: [...tensor.shape], data };
}

/** Bytes a tensor's data holds: a cheap bound for the logger's memory (no element walk but BYTES). */
export function tensorByteSize(tensor: Tensor): number {
  if (tensor.datatype !== 'BYTES') return (tensor.data as ArrayBufferView).byteLength;
  let bytes = 0;
  for (const element of tensor.data as Uint8Array[]) bytes += element.byteLength + 16;
  return bytes;
}
