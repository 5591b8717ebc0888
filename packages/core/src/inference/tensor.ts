import { invalidArgument } from '../errors.js';
import { dataMatchesDatatype } from './datatype.js';
import type { Datatype, TensorData } from './datatype.js';

/**
 * One named tensor as it crosses the serving stack: OIP datatype, concrete shape (no -1), and
 * row-major data in the representation of `TensorDataMap[datatype]`.
 */
export interface Tensor {
  name: string;
  datatype: Datatype;
  shape: number[];
  data: TensorData;
}

/** Typed arrays cannot exceed 2^32 - 1 elements in V8; a lower cap keeps byte sizes in range too. */
export const MAX_TENSOR_ELEMENTS = 2 ** 31 - 1;

export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The number of elements a concrete shape holds. Every dimension must be a non-negative integer
 * (a request carries actual shapes, never -1), and the product at most MAX_TENSOR_ELEMENTS, so a
 * hostile shape cannot make the server allocate gigabytes.
 */
export function elementCount(shape: readonly number[], tensorName?: string): number {
  const what = tensorName === undefined ? 'a tensor' : `tensor '${tensorName}'`;
  let count = 1;
  for (const dim of shape) {
    if (!Number.isInteger(dim) || dim < 0) {
      throw invalidArgument(
        `Shape ${formatShape(shape)} of ${what} is invalid: dimensions must be non-negative integers.`,
      );
    }
    count *= dim;
  }
  if (count > MAX_TENSOR_ELEMENTS) {
    throw invalidArgument(
      `Shape ${formatShape(shape)} of ${what} holds ${count} elements; at most ${MAX_TENSOR_ELEMENTS} are allowed.`,
    );
  }
  return count;
}

/** Checks that a tensor's data has its datatype's representation and as many elements as its shape. */
export function checkTensor(tensor: Tensor): void {
  const count = elementCount(tensor.shape, tensor.name);
  if (!dataMatchesDatatype(tensor.datatype, tensor.data)) {
    throw invalidArgument(
      `Tensor '${tensor.name}' declares datatype ${tensor.datatype} but its data has another element type.`,
    );
  }
  if (tensor.data.length !== count) {
    throw invalidArgument(
      `Tensor '${tensor.name}' has shape ${formatShape(tensor.shape)} (${count} elements) but ${tensor.data.length} data elements.`,
    );
  }
}
