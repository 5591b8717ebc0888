import type { Tensor } from '@slipway/core';

/** Bytes a tensor's data holds: a cheap bound for the logger's memory (no element walk but BYTES). */
export function tensorByteSize(tensor: Tensor): number {
  if (tensor.datatype !== 'BYTES') return (tensor.data as ArrayBufferView).byteLength;
  let bytes = 0;
  for (const element of tensor.data as Uint8Array[]) bytes += element.byteLength + 16;
  return bytes;
}
