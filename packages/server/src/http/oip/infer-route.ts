import type { FastifyInstance } from 'fastify';
import { decodeRestInferRequest } from '../../serving/protocol/decode-rest-request.js';
import { encodeRestInferResponse } from '../../serving/protocol/encode-rest-response.js';
import {
  INFERENCE_HEADER_CONTENT_LENGTH,
  parseRestBody,
} from '../../serving/protocol/rest-body.js';
import { notReady, requestIdOf, runInference } from '../../serving/protocol/run-inference.js';
import { modelPaths } from './oip-route-context.js';
import type { ModelParams, OipRouteContext } from './oip-route-context.js';
import { readRawBody } from './read-raw-body.js';
import { flattenHeaders } from './request-headers.js';
import { callerOf } from '../request-caller.js';

export const MODEL_VERSION_HEADER = 'x-slipway-model-version';

/**
 * POST .../infer: JSON, or JSON followed by binary tensors (Inference-Header-Content-Length).
 * The target is resolved before the body is read, so an unknown or unready model costs no parsing.
 */
export function inferRoutes(v2: FastifyInstance, context: OipRouteContext): void {
  for (const path of modelPaths('/infer')) {
    v2.post<{ Params: ModelParams }>(path, async (request, reply) => {
      const { name, version } = request.params;
      const target = await context.resolver.resolve(callerOf(request), name, version);
      if (!target.ready) throw notReady(target);
      const raw = await readRawBody(request, context.bodyLimitBytes);
      const headerLength = request.headers[INFERENCE_HEADER_CONTENT_LENGTH];
      const body = parseRestBody(raw, Array.isArray(headerLength) ? headerLength[0] : headerLength);
      const decoded = decodeRestInferRequest(body.json, body.binary);
      const id = requestIdOf(decoded.id);
      const result = await runInference(target, {
        id,
        inputs: decoded.inputs,
        outputs: decoded.outputs?.map((output) => output.name),
        parameters: decoded.parameters,
        headers: flattenHeaders(request.headers),
      });
      const encoded = encodeRestInferResponse(decoded, id, result);
      if (result.modelVersion !== '') reply.header(MODEL_VERSION_HEADER, result.modelVersion);
      if (encoded.headerLength === undefined) reply.type('application/json');
      else {
        reply
          .type('application/octet-stream')
          .header('inference-header-content-length', encoded.headerLength);
      }
      return reply.send(encoded.body);
    });
  }
}
