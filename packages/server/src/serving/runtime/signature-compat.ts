import { SlipwayError, formatShape } from '@slipway/core';
import type { TensorSpec } from '@slipway/core';
import type { WorkerSignature } from './worker-protocol.js';

function mismatch(message: string): SlipwayError {
  return new SlipwayError({ code: 'FAILED_PRECONDITION', message });
}

/**
 * A declared dimension must equal the model's where the model's is fixed; -1 is only honest
 * where the model accepts any size. ONNX Runtime reports an unknown rank as [], so [] on the
 * model's side is not checked.
 */
function checkShape(kind: string, declared: TensorSpec, actual: TensorSpec): void {
  if (actual.shape.length === 0 && declared.shape.length !== 0) return;
  const compatible =
    declared.shape.length === actual.shape.length &&
    actual.shape.every((dim, index) => dim === -1 || declared.shape[index] === dim);
  if (!compatible) {
    throw mismatch(
      `The manifest declares ${kind} '${declared.name}' with shape ${formatShape(declared.shape)} but the model's is ${formatShape(actual.shape)}.`,
    );
  }
}

function checkSpec(
  kind: string,
  declared: TensorSpec,
  actual: TensorSpec | undefined,
  all: readonly TensorSpec[],
): void {
  if (actual === undefined) {
    throw mismatch(
      `The manifest declares ${kind} '${declared.name}' but the model has no such ${kind}; its ${kind}s are: ${all.map((spec) => `'${spec.name}'`).join(', ')}.`,
    );
  }
  if (actual.datatype !== declared.datatype) {
    throw mismatch(
      `The manifest declares ${kind} '${declared.name}' as ${declared.datatype} but the model's is ${actual.datatype}.`,
    );
  }
  checkShape(kind, declared, actual);
}

/**
 * Checks a manifest's signature against the one the model file itself reports: every model input
 * declared, every declared tensor present with the same datatype and a compatible shape. Declared
 * outputs may be a subset (the rest are simply not served).
 */
export function checkSignatureCompatible(declared: WorkerSignature, actual: WorkerSignature): void {
  const actualInputs = new Map(actual.inputs.map((spec) => [spec.name, spec]));
  const actualOutputs = new Map(actual.outputs.map((spec) => [spec.name, spec]));
  const declaredInputs = new Set(declared.inputs.map((spec) => spec.name));
  for (const spec of actual.inputs) {
    if (!declaredInputs.has(spec.name)) {
      throw mismatch(`The model needs input '${spec.name}', which the manifest does not declare.`);
    }
  }
  for (const spec of declared.inputs)
    checkSpec('input', spec, actualInputs.get(spec.name), actual.inputs);
  for (const spec of declared.outputs) {
    checkSpec('output', spec, actualOutputs.get(spec.name), actual.outputs);
  }
}
