import { invalidArgument } from '@slipway/core';
import type { Tensor } from '@slipway/core';
import { decodeDatatype, decodeShape } from '../serving/protocol/decode-rest-request.js';
import type { Parameters } from '../serving/protocol/inference-target.js';
import { decodeRawTensor } from '../serving/protocol/raw-tensor.js';
import type { InferInputTensorMessage, ModelInferRequestMessage } from './grpc-messages.js';
import { parametersFromMessage } from './grpc-parameters.js';
import { contentsEmpty, decodeContents } from './tensor-contents.js';

export interface GrpcInferRequest {
  modelName: string;
  /** Undefined when the client left model_version empty. */
  modelVersion: string | undefined;
  /** Undefined when the client left id empty. */
  id: string | undefined;
  parameters: Parameters | undefined;
  inputs: Tensor[];
  outputs: string[] | undefined;
  /** The inputs came as raw_input_contents, so the outputs go back as raw_output_contents. */
  raw: boolean;
}

/**
 * Decodes a ModelInferRequest. Input data comes either all in raw_input_contents (one entry per
 * input, in input order, in the same byte layout as the REST binary extension) or all in typed
 * `contents`; mixing the two is refused, as the protocol says.
 */
export function decodeInferRequest(message: ModelInferRequestMessage): GrpcInferRequest {
  if (message.model_name === '') throw invalidArgument('model_name is required.');
  const raw = message.raw_input_contents.length > 0;
  if (raw && message.raw_input_contents.length !== message.inputs.length) {
    throw invalidArgument(
      `raw_input_contents has ${message.raw_input_contents.length} entries but there are ${message.inputs.length} inputs; send one entry per input, in input order.`,
    );
  }
  const inputs = message.inputs.map((input, index) =>
    decodeInput(input, index, raw ? message.raw_input_contents[index] : undefined),
  );
  const outputs = message.outputs.map((output, index) => {
    if (output.name === '') throw invalidArgument(`Requested output ${index} needs a name.`);
    return output.name;
  });
  return {
    modelName: message.model_name,
    modelVersion: message.model_version === '' ? undefined : message.model_version,
    id: message.id === '' ? undefined : message.id,
    parameters: parametersFromMessage(message.parameters),
    inputs,
    outputs: outputs.length === 0 ? undefined : outputs,
    raw,
  };
}

function decodeInput(
  input: InferInputTensorMessage,
  index: number,
  raw: Buffer | undefined,
): Tensor {
  if (input.name === '') throw invalidArgument(`Input ${index} needs a name.`);
  const { name } = input;
  const datatype = decodeDatatype(input.datatype, `Input '${name}'`);
  const shape = decodeShape(input.shape.map(Number), name);
  if (raw === undefined) {
    return {
      name,
      datatype,
      shape,
      data: decodeContents(input.contents, { name, datatype, shape }),
    };
  }
  if (!contentsEmpty(input.contents)) {
    throw invalidArgument(
      `Input '${name}' has typed contents but the request uses raw_input_contents; use one or the other for all inputs.`,
    );
  }
  return { name, datatype, shape, data: decodeRawTensor(raw, { name, datatype, shape }) };
}
