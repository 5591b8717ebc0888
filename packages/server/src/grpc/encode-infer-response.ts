import type { TargetInferResult } from '../serving/protocol/inference-target.js';
import { encodeRawTensor } from '../serving/protocol/raw-tensor.js';
import type { ModelInferResponseMessage } from './grpc-messages.js';
import { parametersToMessage } from './grpc-parameters.js';
import { encodeContents } from './tensor-contents.js';

/**
 * A ModelInferResponse. Outputs go back the way the inputs came: raw_output_contents for a raw
 * request, typed contents otherwise; FP16 has no typed field, so any FP16 output makes the whole
 * response raw (the protocol forbids mixing the two within one response).
 */
export function encodeInferResponse(
  id: string,
  raw: boolean,
  result: TargetInferResult,
): ModelInferResponseMessage {
  const useRaw = raw || result.outputs.some((tensor) => tensor.datatype === 'FP16');
  return {
    model_name: result.modelName,
    model_version: result.modelVersion,
    id,
    parameters: parametersToMessage(result.parameters),
    outputs: result.outputs.map((tensor) => ({
      name: tensor.name,
      datatype: tensor.datatype,
      shape: tensor.shape,
      parameters: {},
      ...(useRaw ? {} : { contents: encodeContents(tensor) }),
    })),
    raw_output_contents: useRaw ? result.outputs.map(encodeRawTensor) : [],
  };
}
