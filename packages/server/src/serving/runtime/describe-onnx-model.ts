import { SlipwayError, isSlipwayError } from '@slipway/core';
import type { OnnxValueInfo } from '@slipway/core';
import type { InferenceSession } from 'onnxruntime-node';
import { datatypeOfOrt } from './ort-types.js';

/**
 * Every declared input and output of an ONNX model as ONNX Runtime (the runtime serving uses)
 * reads it, for previews: unlike the serving signature (inferOnnxSignature), sequences and maps are
 * listed rather than refused or dropped, and symbolic dimensions keep their names. Creating the
 * session parses the whole model on the calling thread, so callers bound the size of `bytes`.
 */
export async function describeOnnxModel(
  bytes: Uint8Array,
  what: string,
): Promise<{ inputs: OnnxValueInfo[]; outputs: OnnxValueInfo[] }> {
  const ort = await import('onnxruntime-node');
  let session;
  try {
    session = await ort.InferenceSession.create(bytes, {
      graphOptimizationLevel: 'disabled',
      intraOpNumThreads: 1,
    });
  } catch (err) {
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: `${what} is not a model ONNX Runtime can load: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  }
  try {
    return {
      inputs: session.inputMetadata.map(valueInfo),
      outputs: session.outputMetadata.map(valueInfo),
    };
  } finally {
    await session.release();
  }
}

function valueInfo(meta: InferenceSession.ValueMetadata): OnnxValueInfo {
  if (!meta.isTensor) return { name: meta.name, isTensor: false };
  return {
    name: meta.name,
    isTensor: true,
    datatype: datatypeName(meta.type),
    // ONNX Runtime reports an unnamed dynamic dimension as an empty symbolic name.
    shape: meta.shape.map((dim) => (dim === '' ? -1 : dim)),
  };
}

/** The Open Inference Protocol's name where it has one (FP32...), else ONNX Runtime's (int4...). */
function datatypeName(type: string): string {
  try {
    return datatypeOfOrt(type, 'preview');
  } catch (err) {
    if (isSlipwayError(err)) return type;
    throw err;
  }
}
