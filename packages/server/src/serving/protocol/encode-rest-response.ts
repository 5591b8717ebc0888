import type { Tensor } from '@slipway/core';
import type { RestInferRequest } from './decode-rest-request.js';
import type { TargetInferResult } from './inference-target.js';
import { jsonDataText } from './json-tensor-data.js';
import { BINARY_DATA_SIZE } from './parameters.js';
import { encodeRawTensor } from './raw-tensor.js';

export interface EncodedRestResponse {
  /** The JSON response, followed by the binary tensors when any output is binary. */
  body: Buffer;
  /** The byte length of the JSON part when a binary section follows (Inference-Header-Content-Length). */
  headerLength: number | undefined;
}

/**
 * Writes `$inference_response`. Outputs requested as binary (their own `binary_data` parameter,
 * else the request's `binary_data_output`) carry a `binary_data_size` parameter instead of `data`
 * and their bytes follow the JSON in output order.
 */
export function encodeRestInferResponse(
  request: RestInferRequest,
  id: string,
  result: TargetInferResult,
): EncodedRestResponse {
  const binaryByName = new Map(request.outputs?.map((output) => [output.name, output.binary]));
  const binaries: Uint8Array[] = [];
  const outputs = result.outputs.map((tensor) => {
    const binary = binaryByName.get(tensor.name) ?? request.binaryOutputDefault;
    if (!binary) return outputText(tensor, `"data":${jsonDataText(tensor)}`);
    const bytes = encodeRawTensor(tensor);
    binaries.push(bytes);
    return outputText(tensor, `"parameters":{"${BINARY_DATA_SIZE}":${bytes.length}}`);
  });
  const parameters =
    result.parameters === undefined ? '' : `,"parameters":${JSON.stringify(result.parameters)}`;
  const version =
    result.modelVersion === '' ? '' : `"model_version":${JSON.stringify(result.modelVersion)},`;
  const json =
    `{"model_name":${JSON.stringify(result.modelName)},${version}` +
    `"id":${JSON.stringify(id)}${parameters},"outputs":[${outputs.join(',')}]}`;
  if (binaries.length === 0) return { body: Buffer.from(json, 'utf8'), headerLength: undefined };
  const header = Buffer.from(json, 'utf8');
  return { body: Buffer.concat([header, ...binaries]), headerLength: header.length };
}

function outputText(tensor: Tensor, payload: string): string {
  return (
    `{"name":${JSON.stringify(tensor.name)},"datatype":"${tensor.datatype}",` +
    `"shape":${JSON.stringify(tensor.shape)},${payload}}`
  );
}
