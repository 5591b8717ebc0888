import { allocateTensorData } from '@slipway/core';
import type { Tensor } from '@slipway/core';

/**
 * Stacks requests along dimension 0: `requests[r][i]` is input i of request r; all requests have
 * the same input names, datatypes and non-batch dimensions. Bytes are copied unchanged, which is
 * what keeps batched results bit-identical to unbatched ones.
 */
export function concatRequests(requests: readonly (readonly Tensor[])[]): Tensor[] {
  const first = requests[0];
  if (first === undefined) return [];
  return first.map((template, index) => {
    const parts = requests.map((inputs) => inputs[index] as Tensor);
    const rows = parts.reduce((sum, part) => sum + (part.shape[0] ?? 0), 0);
    const shape = [rows, ...template.shape.slice(1)];
    if (template.datatype === 'BYTES') {
      return { ...template, shape, data: parts.flatMap((part) => part.data as Uint8Array[]) };
    }
    const total = parts.reduce((sum, part) => sum + part.data.length, 0);
    const data = allocateTensorData(template.datatype, total) as Exclude<
      Tensor['data'],
      Uint8Array[]
    >;
    let offset = 0;
    for (const part of parts) {
      (data as Float64Array).set(part.data as Float64Array, offset);
      offset += part.data.length;
    }
    return { name: template.name, datatype: template.datatype, shape, data };
  });
}

/** Rows [fromRow, fromRow + rowCount) of a batched tensor, as a tensor with its own buffer. */
export function sliceRows(tensor: Tensor, fromRow: number, rowCount: number): Tensor {
  const rowSize = tensor.shape.slice(1).reduce((product, dim) => product * dim, 1);
  const start = fromRow * rowSize;
  const end = start + rowCount * rowSize;
  const data = Array.isArray(tensor.data)
    ? tensor.data.slice(start, end)
    : (tensor.data as Float64Array).slice(start, end);
  return {
    name: tensor.name,
    datatype: tensor.datatype,
    shape: [rowCount, ...tensor.shape.slice(1)],
    data: data as Tensor['data'],
  };
}
