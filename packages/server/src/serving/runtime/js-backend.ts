import { SlipwayError, checkTensor, isDatatype, toTypedArray } from '@slipway/core';
import type { NestedTensorValues, Tensor } from '@slipway/core';
import type { WorkerBackend } from './worker-backend.js';

/**
 * The contract of a `js` flavor predictor module. `load` runs once per worker with the model
 * directory; whatever it returns is passed to every `predict` call. `predict` receives the inputs
 * in signature order (already checked and converted) and returns tensors whose `data` is a typed
 * array of the datatype's representation or a flat/nested array of plain values.
 */
export interface PredictorModule {
  load?: (modelDir: string) => unknown;
  predict: (inputs: Tensor[], state: unknown) => unknown;
}

interface LooseTensor {
  name?: unknown;
  datatype?: unknown;
  shape?: unknown;
  data?: unknown;
}

export async function createJsBackend(moduleUrl: string, modelDir: string): Promise<WorkerBackend> {
  let module: Partial<PredictorModule>;
  try {
    module = (await import(moduleUrl)) as Partial<PredictorModule>;
  } catch (err) {
    throw new SlipwayError({
      code: 'FAILED_PRECONDITION',
      message: `Cannot import the predictor module ${moduleUrl}: ${err instanceof Error ? err.message : String(err)}`,
      cause: err,
    });
  }
  const { load, predict } = module;
  if (typeof predict !== 'function') {
    throw new SlipwayError({
      code: 'FAILED_PRECONDITION',
      message: `The predictor module ${moduleUrl} does not export a predict(inputs) function.`,
    });
  }
  const state = typeof load === 'function' ? await load(modelDir) : undefined;
  return {
    async run(inputs, outputs) {
      const result = await predict(inputs, state);
      const tensors = normalizeOutputs(result);
      return outputs.map((name) => {
        const tensor = tensors.get(name);
        if (tensor === undefined) throw new Error(`the predictor returned no output '${name}'`);
        return tensor;
      });
    },
  };
}

function normalizeOutputs(result: unknown): Map<string, Tensor> {
  if (!Array.isArray(result)) throw new Error('predict() must return an array of tensors');
  const tensors = new Map<string, Tensor>();
  for (const item of result as LooseTensor[]) {
    const { name, datatype, shape, data } = item ?? {};
    if (typeof name !== 'string' || !isDatatype(datatype) || !Array.isArray(shape)) {
      throw new Error('predict() returned a tensor without a name, a known datatype and a shape');
    }
    const dims = shape as number[];
    const tensor: Tensor = {
      name,
      datatype,
      shape: dims,
      data: Array.isArray(data)
        ? toTypedArray(datatype, data as NestedTensorValues, { name, shape: dims })
        : (data as Tensor['data']),
    };
    checkTensor(tensor);
    tensors.set(name, tensor);
  }
  return tensors;
}
