import { SlipwayError } from '@slipway/core';
import type { Tensor } from '@slipway/core';
import type * as OnnxRuntimeNode from 'onnxruntime-node';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import { datatypeOfOrt, ortTypeOf, signatureFromOrtMetadata } from './ort-types.js';
import type { WorkerBackend } from './worker-backend.js';
import type { OnnxSessionSettings } from './worker-protocol.js';

const utf8Decoder = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

type Ort = typeof OnnxRuntimeNode;

/** Runs inside a worker thread only: session.run() holds its thread for the whole inference. */
export async function createOnnxBackend(
  modelPath: string,
  settings: OnnxSessionSettings,
): Promise<WorkerBackend> {
  // Imported lazily so js-predictor workers never load the native addon.
  const ort: Ort = await import('onnxruntime-node');
  let session: InferenceSession;
  try {
    session = await ort.InferenceSession.create(modelPath, {
      intraOpNumThreads: settings.intraOpNumThreads,
      interOpNumThreads: settings.interOpNumThreads,
      graphOptimizationLevel: settings.graphOptimizationLevel,
      executionMode: 'sequential',
    });
  } catch (err) {
    throw new SlipwayError({
      code: 'FAILED_PRECONDITION',
      message: `ONNX Runtime cannot load ${modelPath}: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  }
  const signature = signatureFromOrtMetadata(session.inputMetadata, session.outputMetadata);
  return {
    signature,
    async run(inputs, outputs) {
      const feeds: Record<string, OrtTensor> = {};
      for (const tensor of inputs) feeds[tensor.name] = toOrtTensor(ort, tensor);
      const results = await session.run(feeds, outputs);
      return outputs.map((name) => {
        const value = results[name];
        if (value === undefined) throw new Error(`ONNX Runtime returned no output '${name}'`);
        return fromOrtTensor(name, value);
      });
    },
  };
}

function toOrtTensor(ort: Ort, tensor: Tensor): OrtTensor {
  const type = ortTypeOf(tensor.datatype);
  if (type === 'string') {
    const strings = (tensor.data as Uint8Array[]).map((bytes) => utf8Decoder.decode(bytes));
    return new ort.Tensor('string', strings, tensor.shape);
  }
  return new ort.Tensor(type, tensor.data as OrtTensor.DataTypeMap['float32'], tensor.shape);
}

function fromOrtTensor(name: string, value: OrtTensor): Tensor {
  const datatype = datatypeOfOrt(value.type, `Model output '${name}'`);
  const shape = value.dims.map(Number);
  if (datatype === 'BYTES') {
    const data = (value.data as string[]).map((text) => utf8Encoder.encode(text));
    return { name, datatype, shape, data };
  }
  return { name, datatype, shape, data: value.data as Tensor['data'] };
}
