import {
  DATATYPES,
  LIMITS,
  elementCount,
  firstPathDepth,
  invalidArgument,
  isDatatype,
  jsonDepthError,
  refuseNul,
  toTypedArray,
} from '@slipway/core';
import type { Datatype, NestedTensorValues, Tensor } from '@slipway/core';
import type { Parameters } from './inference-target.js';
import {
  BINARY_DATA,
  BINARY_DATA_OUTPUT,
  BINARY_DATA_SIZE,
  booleanParameter,
  isPlainObject,
  parseParameters,
  sizeParameter,
} from './parameters.js';
import { decodeRawTensor } from './raw-tensor.js';

export interface RequestedOutput {
  name: string;
  /** Return this output in the binary section rather than as JSON `data`. */
  binary: boolean;
}

/** A REST inference request, decoded: tensors ready for a target, plus how to answer. */
export interface RestInferRequest {
  id: string | undefined;
  parameters: Parameters | undefined;
  inputs: Tensor[];
  /** Undefined: every output of the model, each in `binaryOutputDefault` form. */
  outputs: RequestedOutput[] | undefined;
  /** The request's `binary_data_output` parameter (default false). */
  binaryOutputDefault: boolean;
}

/**
 * Decodes `$inference_request` (already parsed JSON) and, with the binary data extension, the
 * bytes that followed the JSON header. Each input carries either JSON `data` (flat or nested,
 * row-major, element count checked against `shape`) or a `binary_data_size` parameter naming its
 * share of `binary`, consumed in input order; the sizes must account for every binary byte.
 */
export function decodeRestInferRequest(
  body: unknown,
  binary: Uint8Array | undefined,
): RestInferRequest {
  if (!isPlainObject(body)) {
    throw invalidArgument('The inference request must be a JSON object with an "inputs" array.');
  }
  const { id } = body;
  if (id !== undefined && typeof id !== 'string') {
    throw invalidArgument('The request "id" must be a string.');
  }
  // The id is logged with the prediction; PostgreSQL's text cannot hold a NUL.
  if (id !== undefined) refuseNul('The request "id"', id);
  const parameters = parseParameters(body.parameters, 'The request');
  const binaryOutputDefault =
    booleanParameter(parameters, BINARY_DATA_OUTPUT, 'The request') ?? false;
  if (!Array.isArray(body.inputs)) {
    throw invalidArgument('The inference request needs an "inputs" array of tensors.');
  }
  const reader = { binary, offset: 0 };
  const inputs = body.inputs.map((input: unknown, index: number) =>
    decodeInput(input, index, reader),
  );
  const leftover = (binary?.length ?? 0) - reader.offset;
  if (leftover !== 0) {
    throw invalidArgument(
      `The binary section holds ${binary?.length ?? 0} bytes but the inputs' binary_data_size parameters account for ${reader.offset}.`,
    );
  }
  return {
    id,
    parameters,
    inputs,
    outputs: decodeOutputs(body.outputs, binaryOutputDefault),
    binaryOutputDefault,
  };
}

interface BinaryReader {
  binary: Uint8Array | undefined;
  offset: number;
}

function decodeInput(input: unknown, index: number, reader: BinaryReader): Tensor {
  if (!isPlainObject(input) || typeof input.name !== 'string' || input.name === '') {
    throw invalidArgument(`Input ${index} needs a "name" string.`);
  }
  const { name } = input;
  const where = `Input '${name}'`;
  const datatype = decodeDatatype(input.datatype, where);
  const shape = decodeShape(input.shape, name);
  const parameters = parseParameters(input.parameters, where);
  const size = sizeParameter(parameters, BINARY_DATA_SIZE, where);
  if (size === undefined) {
    if (input.data === undefined) {
      throw invalidArgument(
        `${where} has no "data" (and no binary_data_size parameter for binary data).`,
      );
    }
    if (!Array.isArray(input.data)) throw invalidArgument(`${where}: "data" must be an array.`);
    // Flattening recurses once per level of the first element's nesting (deeper rows are refused
    // as ragged before they are entered), so bounding that path bounds the recursion.
    if (firstPathDepth(input.data) > LIMITS.maxJsonDepth) {
      throw jsonDepthError(`${where}: "data"`);
    }
    const data = toTypedArray(datatype, input.data as NestedTensorValues, { name, shape });
    return { name, datatype, shape, data };
  }
  if (input.data !== undefined) {
    throw invalidArgument(`${where} has both "data" and a binary_data_size parameter; send one.`);
  }
  const { binary } = reader;
  if (binary === undefined) {
    throw invalidArgument(
      `${where} declares binary_data_size but the request has no binary data; send the JSON length in the Inference-Header-Content-Length header, followed by the tensor bytes.`,
    );
  }
  if (reader.offset + size > binary.length) {
    throw invalidArgument(
      `${where} declares ${size} bytes of binary data but only ${binary.length - reader.offset} remain in the body.`,
    );
  }
  const bytes = binary.subarray(reader.offset, reader.offset + size);
  reader.offset += size;
  return { name, datatype, shape, data: decodeRawTensor(bytes, { name, datatype, shape }) };
}

export function decodeDatatype(value: unknown, where: string): Datatype {
  if (!isDatatype(value)) {
    throw invalidArgument(
      `${where}: datatype ${JSON.stringify(value ?? null)} is not one of ${DATATYPES.join(', ')}.`,
    );
  }
  return value;
}

/** A concrete shape: an array of non-negative integers whose product is within limits. */
export function decodeShape(value: unknown, tensorName: string): number[] {
  if (!Array.isArray(value)) {
    throw invalidArgument(`Input '${tensorName}' needs a "shape" array of non-negative integers.`);
  }
  const shape = value as number[];
  elementCount(shape, tensorName);
  return shape;
}

function decodeOutputs(value: unknown, binaryDefault: boolean): RequestedOutput[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) {
    throw invalidArgument('"outputs" must be an array of {"name": ...} objects.');
  }
  if (value.length === 0) return undefined;
  return value.map((output: unknown, index: number) => {
    if (!isPlainObject(output) || typeof output.name !== 'string' || output.name === '') {
      throw invalidArgument(`Requested output ${index} needs a "name" string.`);
    }
    const where = `Requested output '${output.name}'`;
    const parameters = parseParameters(output.parameters, where);
    const binary = booleanParameter(parameters, BINARY_DATA, where) ?? binaryDefault;
    return { name: output.name, binary };
  });
}
