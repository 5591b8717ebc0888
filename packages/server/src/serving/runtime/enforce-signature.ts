import { checkTensor, convertLossless, formatShape, invalidArgument } from '@slipway/core';
import type { SlipwayError, Tensor, TensorSpec } from '@slipway/core';

function describeSpecs(specs: readonly TensorSpec[]): string {
  return specs
    .map((spec) => `'${spec.name}' ${spec.datatype} ${formatShape(spec.shape)}`)
    .join(', ');
}

function missingInput(spec: TensorSpec, specs: readonly TensorSpec[]): SlipwayError {
  return invalidArgument(
    `Missing input tensor '${spec.name}'. The model's inputs are: ${describeSpecs(specs)}.`,
  );
}

function shapeMatches(actual: readonly number[], expected: readonly number[]): boolean {
  return (
    actual.length === expected.length &&
    expected.every((dim, index) => dim === -1 || dim === actual[index])
  );
}

/**
 * How the inference protocol treats an input whose datatype differs from the model's: `strict`
 * refuses it (the protocol's rule), `lossless` lets enforceInputs convert it when no value changes.
 */
export type ProtocolDatatypes = 'strict' | 'lossless';

/**
 * The Open Inference Protocol's rule for a request, checked against the inputs the model
 * advertises (its metadata) before the request reaches a model: every input given, no tensor that
 * is not one of them (an unknown one is an error, not ignored), and under `strict` each with
 * exactly the input's datatype. INVALID_ARGUMENT names the tensor and what the model expects.
 */
export function checkProtocolInputs(
  inputs: readonly Tensor[],
  specs: readonly TensorSpec[],
  datatypes: ProtocolDatatypes,
): void {
  const byName = new Map(specs.map((spec) => [spec.name, spec]));
  const given = new Set(inputs.map((tensor) => tensor.name));
  const missing = specs.find((spec) => !given.has(spec.name));
  if (missing !== undefined) throw missingInput(missing, specs);
  const unknown = [...new Set(inputs.map((t) => t.name).filter((name) => !byName.has(name)))];
  if (unknown.length > 0) {
    const names = unknown.map((name) => `'${name}'`).join(', ');
    throw invalidArgument(
      `Unknown input tensor${unknown.length > 1 ? 's' : ''} ${names}. The model's inputs are: ${describeSpecs(specs)}.`,
    );
  }
  if (datatypes === 'lossless') return;
  for (const tensor of inputs) {
    const spec = byName.get(tensor.name);
    if (spec !== undefined && tensor.datatype !== spec.datatype) {
      throw invalidArgument(
        `Input tensor '${tensor.name}' has datatype ${tensor.datatype}, but the model expects ${spec.datatype}; send ${spec.datatype} data (the inference protocol does not convert datatypes).`,
      );
    }
  }
}

/**
 * Checks request tensors against the model's inputs and returns them in signature order, each
 * converted to the declared datatype when that is lossless (see convertLossless). Extra tensors
 * are ignored; a missing input, a duplicate, a wrong rank or dimension, or a lossy datatype is
 * INVALID_ARGUMENT naming the tensor. This is the runtime's own guard, for every caller: the
 * protocol surfaces check their stricter rule first (checkProtocolInputs), against the inputs the
 * deployment advertises, so a variant whose datatype differs (a canary from an FP32 to an FP64
 * version) still gets the request converted without loss.
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
    if (tensor === undefined) throw missingInput(spec, specs);
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
