import { SlipwayError, invalidArgument, isSlipwayError } from '@slipway/core';
import type { ErrorCode } from '@slipway/core';
import { decodeRestInferRequest } from '../protocol/decode-rest-request.js';
import type { InferenceTarget } from '../protocol/inference-target.js';
import { jsonDataText } from '../protocol/json-tensor-data.js';
import { isPlainObject } from '../protocol/parameters.js';
import { runInference } from '../protocol/run-inference.js';
import { checkProtocolInputs } from '../runtime/enforce-signature.js';
import type { ProtocolDatatypes } from '../runtime/enforce-signature.js';
import { jsonText } from '../scoring/json-text.js';
import { score } from '../scoring/score.js';
import { parseScoringPayload } from '../scoring/scoring-payload.js';

/** Errors that are the request's fault: answering them again would give the same answer. */
const REQUEST_ERRORS: ReadonlySet<ErrorCode> = new Set([
  'INVALID_ARGUMENT',
  'NOT_FOUND',
  'FAILED_PRECONDITION',
  'PAYLOAD_TOO_LARGE',
  'ALREADY_EXISTS',
  'CONFLICT',
  'PERMISSION_DENIED',
  'UNAUTHENTICATED',
]);

/** True for errors a redelivery would not change, which are answered rather than retried. */
export function isRequestError(err: unknown): boolean {
  return isSlipwayError(err) && REQUEST_ERRORS.has(err.code);
}

export interface StreamAnswer {
  /** The reply JSON text. */
  reply: string;
  /** The request's id, or null when the message had none (it is answered anyway). */
  requestId: string | null;
  /** The reply carries an error. */
  failed: boolean;
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** An OIP request: `inputs` as a list of `{ name, datatype, shape, data }` tensors. */
function isOipRequest(body: Record<string, unknown>): boolean {
  const { inputs } = body;
  return (
    Array.isArray(inputs) &&
    inputs.length > 0 &&
    inputs.every(
      (input) => isPlainObject(input) && 'name' in input && 'datatype' in input && 'shape' in input,
    )
  );
}

function replyText(
  target: InferenceTarget,
  id: string | null,
  fields: { modelName?: string; modelVersion?: string; body: string },
): string {
  const name = fields.modelName ?? target.name;
  const version = fields.modelVersion ?? target.version ?? '';
  const versionField = version === '' ? '' : `,"model_version":${JSON.stringify(version)}`;
  return `{"id":${JSON.stringify(id)},"model_name":${JSON.stringify(name)}${versionField},${fields.body}}`;
}

/** The error reply for a request that cannot be answered with outputs. */
export function errorReply(target: InferenceTarget, id: string | null, err: unknown): StreamAnswer {
  const message = isSlipwayError(err)
    ? err.message
    : 'Internal error while serving the request; see the consumer log.';
  return {
    reply: replyText(target, id, { body: `"error":${JSON.stringify(message)}` }),
    requestId: id,
    failed: true,
  };
}

function requestIdOf(body: Record<string, unknown>): string {
  const { id } = body;
  if (typeof id === 'string' && id !== '') return id;
  if (typeof id === 'number' && Number.isFinite(id)) return String(id);
  throw invalidArgument('The message needs an "id" (a string or a number) to answer it under.');
}

/**
 * Answers one stream message: JSON `{ id, inputs: [OIP tensors] }` (replied with OIP `outputs`)
 * or `{ id, dataframe_split | dataframe_records | instances | inputs }` (replied with MLflow's
 * `predictions`). Request errors (bad JSON, no id, a signature mismatch) become error replies;
 * anything else is thrown, for the consumer to retry.
 */
export async function answerMessage(
  target: InferenceTarget,
  data: Uint8Array,
  headers: Record<string, string | undefined>,
  datatypes: ProtocolDatatypes = 'strict',
): Promise<StreamAnswer> {
  let id: string | null = null;
  try {
    let body: unknown;
    try {
      body = JSON.parse(utf8.decode(data));
    } catch (err) {
      throw invalidArgument(
        `The message is not UTF-8 JSON: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (!isPlainObject(body)) throw invalidArgument('The message must be a JSON object.');
    id = requestIdOf(body);
    if (isOipRequest(body)) {
      const decoded = decodeRestInferRequest({ ...body, id }, undefined);
      // The protocol's rule, as over HTTP: a datatype that differs or an unknown input is refused.
      checkProtocolInputs(decoded.inputs, target.metadata.inputs, datatypes);
      const result = await runInference(target, {
        id,
        inputs: decoded.inputs,
        outputs: decoded.outputs?.map((output) => output.name),
        parameters: decoded.parameters,
        headers,
      });
      const outputs = result.outputs.map(
        (tensor) =>
          `{"name":${JSON.stringify(tensor.name)},"datatype":"${tensor.datatype}","shape":${JSON.stringify(tensor.shape)},"data":${jsonDataText(tensor)}}`,
      );
      return {
        reply: replyText(target, id, {
          modelName: result.modelName,
          modelVersion: result.modelVersion,
          body: `"outputs":[${outputs.join(',')}]`,
        }),
        requestId: id,
        failed: false,
      };
    }
    const scored = await score(target, {
      input: { payload: parseScoringPayload(body) },
      id,
      headers,
    });
    return {
      reply: replyText(target, id, {
        modelName: scored.modelName,
        modelVersion: scored.modelVersion,
        body: `"predictions":${jsonText(scored.predictions)}`,
      }),
      requestId: id,
      failed: false,
    };
  } catch (err) {
    if (isRequestError(err)) return errorReply(target, id, err);
    throw err instanceof SlipwayError || err instanceof Error ? err : new Error(String(err));
  }
}

/** The request id of a message, if it has one (for replies to requests that keep failing). */
export function peekRequestId(data: Uint8Array): string | null {
  try {
    const body: unknown = JSON.parse(utf8.decode(data));
    return isPlainObject(body) ? requestIdOf(body) : null;
  } catch {
    return null;
  }
}
