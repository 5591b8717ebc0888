import { SlipwayError } from '@slipway/core';
import type { Datatype, TensorSpec } from '@slipway/core';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';

const ORT_TO_DATATYPE: Partial<Record<OrtTensor.Type, Datatype>> = {
  bool: 'BOOL',
  uint8: 'UINT8',
  uint16: 'UINT16',
  uint32: 'UINT32',
  uint64: 'UINT64',
  int8: 'INT8',
  int16: 'INT16',
  int32: 'INT32',
  int64: 'INT64',
  float16: 'FP16',
  float32: 'FP32',
  float64: 'FP64',
  string: 'BYTES',
};

const DATATYPE_TO_ORT: Record<Datatype, OrtTensor.Type> = {
  BOOL: 'bool',
  UINT8: 'uint8',
  UINT16: 'uint16',
  UINT32: 'uint32',
  UINT64: 'uint64',
  INT8: 'int8',
  INT16: 'int16',
  INT32: 'int32',
  INT64: 'int64',
  FP16: 'float16',
  FP32: 'float32',
  FP64: 'float64',
  BYTES: 'string',
};

export function ortTypeOf(datatype: Datatype): OrtTensor.Type {
  return DATATYPE_TO_ORT[datatype];
}

export function datatypeOfOrt(type: string, what: string): Datatype {
  const datatype = ORT_TO_DATATYPE[type as OrtTensor.Type];
  if (datatype === undefined) {
    throw new SlipwayError({
      code: 'FAILED_PRECONDITION',
      message: `${what} has ONNX element type '${type}', which the Open Inference Protocol cannot carry.`,
    });
  }
  return datatype;
}

/** Symbolic ('batch') and unknown dimensions become -1. */
function specOf(meta: InferenceSession.TensorValueMetadata, what: string): TensorSpec {
  return {
    name: meta.name,
    datatype: datatypeOfOrt(meta.type, `${what} '${meta.name}'`),
    shape: meta.shape.map((dim) => (typeof dim === 'number' && dim >= 0 ? dim : -1)),
  };
}

/**
 * The tensor signature ONNX Runtime reports for a session. A non-tensor input (sequence, map)
 * cannot be fed through the protocol, so it is an error; non-tensor outputs (scikit-learn's
 * ZipMap probabilities, for example) are left out and never fetched.
 */
export function signatureFromOrtMetadata(
  inputs: readonly InferenceSession.ValueMetadata[],
  outputs: readonly InferenceSession.ValueMetadata[],
): { inputs: TensorSpec[]; outputs: TensorSpec[] } {
  const inputSpecs = inputs.map((meta) => {
    if (!meta.isTensor) {
      throw new SlipwayError({
        code: 'FAILED_PRECONDITION',
        message: `Model input '${meta.name}' is not a tensor (a sequence or map), which the Open Inference Protocol cannot carry.`,
      });
    }
    return specOf(meta, 'Model input');
  });
  const outputSpecs = outputs
    .filter((meta): meta is InferenceSession.TensorValueMetadata => meta.isTensor)
    .map((meta) => specOf(meta, 'Model output'));
  if (outputSpecs.length === 0) {
    throw new SlipwayError({
      code: 'FAILED_PRECONDITION',
      message: 'The model has no tensor outputs, so the Open Inference Protocol cannot return any.',
    });
  }
  return { inputs: inputSpecs, outputs: outputSpecs };
}
