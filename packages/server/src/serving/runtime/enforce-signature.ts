import { checkTensor, convertLossless, formatShape, invalidArgument } from '@slipway/core';
import type { Tensor, TensorSpec } from '@slipway/core';

function describeSpecs(specs: readonly TensorSpec[]): string {
  return specs
    .map((spec) => `'${spec.name}' ${spec.datatype} ${formatShape(spec.shape)}`)
    .join(', ');
}

function shapeMatches(actual: readonly number[], expected: readonly number[]): boolean {
  return (
    actual.length === expected.length &&
    expected.every((dim, index) => dim === -1 || dim === actual[index])
  );
}

/**
 * Checks request tensors against the model's inputs and returns them in signature order, each
 * converted to the declared datatype when that is lossless (see convertLossless). Extra tensors
 * are ignored; a missing input, a duplicate, a wrong rank or dimension, or a lossy datatype is
 * INVALID_ARGUMENT naming the tensor.
 */
export function enforceInputs(inputs: readonly Tensor[], specs: readonly TensorSpec[]): Tensor[] {
  const byName = new Map<string, Tensor>();
  for (const tensor of inputs) {
    if (byName.has(tensor.name)) {
      throw invalidArgument(`Input tensor '${tensor.name}' is given more than once.`);
    }
    byName.set(tensor.name, tensor);
  }
  return specs.map((spec) => {
    const tensor = byName.get(spec.name);
    if (tensor === undefined) {
      throw invalidArgument(
        `Missing input tensor '${spec.name}'. The model's inputs are: ${describeSpecs(specs)}.`,
      );
    }
    checkTensor(tensor);
    if (!shapeMatches(tensor.shape, spec.shape)) {
      throw invalidArgument(
        `Input tensor '${spec.name}' has shape ${formatShape(tensor.shape)} but the model expects ${formatShape(spec.shape)} (-1 is any size).`,
      );
    }
    return convertLossless(tensor, spec.datatype);
  });
}

/** The output names to compute: the requested ones (each must exist), or all of them. */
export function resolveRequestedOutputs(
  requested: readonly string[] | undefined,
  specs: readonly TensorSpec[],
): string[] {
  if (requested === undefined || requested.length === 0) return specs.map((spec) => spec.name);
  const known = new Set(specs.map((spec) => spec.name));
  const seen = new Set<string>();
  for (const name of requested) {
    if (!known.has(name)) {
      throw invalidArgument(
        `Unknown output '${name}'. The model's outputs are: ${describeSpecs(specs)}.`,
      );
    }
    if (seen.has(name)) throw invalidArgument(`Output '${name}' is requested more than once.`);
    seen.add(name);
  }
  return [...requested];
}
