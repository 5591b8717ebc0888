import { SlipwayError } from '@slipway/core';
import type { TensorSpec } from '@slipway/core';
import { signatureFromOrtMetadata } from './ort-types.js';

/**
 * Reads an ONNX file's tensor signature with ONNX Runtime (dynamic and symbolic dimensions become
 * -1). It opens a session on the calling thread, which is fine for the CLI and registration but not
 * for a serving thread: serving learns the signature from its workers instead.
 */
export async function inferOnnxSignature(
  onnxPath: string,
): Promise<{ inputs: TensorSpec[]; outputs: TensorSpec[] }> {
  const ort = await import('onnxruntime-node');
  let session;
  try {
    session = await ort.InferenceSession.create(onnxPath, {
      graphOptimizationLevel: 'disabled',
      intraOpNumThreads: 1,
    });
  } catch (err) {
    throw new SlipwayError({
      code: 'INVALID_ARGUMENT',
      message: `${onnxPath} is not a model ONNX Runtime can load: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  }
  try {
    return signatureFromOrtMetadata(session.inputMetadata, session.outputMetadata);
  } finally {
    await session.release();
  }
}
