import type { Caller } from '@slipway/core';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { isMultipartUnsupported } from '../../services/artifact-service.js';
import type { TrackingServices } from '../http-services.js';
import { callerOf } from '../request-caller.js';
import { useMlflowJsonParser } from './body-parsers.js';
import { invalidParameter } from './mlflow-errors.js';
import { fields } from './mlflow-fields.js';
import { stringifyMlflowJson } from './mlflow-json.js';
import { parseRequest } from './mlflow-request.js';

/**
 * MLflow's client only tries multipart uploads when MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD is set, and
 * falls back to a single PUT when the server answers with exactly this message.
 */
export const MULTIPART_UNSUPPORTED =
  'Multipart upload is not supported for the current artifact repository';

// mlflow_artifacts.proto: CreateMultipartUpload, CompleteMultipartUpload, AbortMultipartUpload.
const createRequest = z.object({ path: fields.requiredString(), num_parts: fields.int64() });
const part = z.object({
  part_number: fields.requiredInt64(),
  etag: fields.string(),
  url: fields.string(),
});
const completeRequest = z.object({
  path: fields.requiredString(),
  upload_id: fields.string(),
  parts: fields.requiredList(part),
});
const abortRequest = z.object({ path: fields.requiredString(), upload_id: fields.string() });

type MultipartHandler = (
  request: FastifyRequest,
  caller: Caller,
  target: (localPath: string) => string,
) => Promise<Record<string, unknown>>;

/**
 * MLflow's proxied multipart upload, /mlflow-artifacts/mpu/{create,complete,abort}/<directory>.
 * As in MLflow, the URL names the destination directory and the body's `path` is the client's
 * local file, whose base name is the file name. The client PUTs each part to the URL `create`
 * answered, then reports the ETags to `complete`.
 */
export function registerMultipartRoutes(
  app: FastifyInstance,
  { artifacts }: Pick<TrackingServices, 'artifacts'>,
): void {
  // A scope of their own: these bodies are JSON messages, unlike the raw uploads around them.
  void app.register(async (scope) => {
    useMlflowJsonParser(scope);

    multipartRoute(scope, 'create', async (request, caller, target) => {
      const body = parseRequest(createRequest, request);
      const upload = await artifacts.createMultipartUpload(
        caller,
        target(body.path),
        body.num_parts ?? 0,
      );
      return {
        upload_id: upload.uploadId,
        credentials: upload.credentials.map((credential) => ({
          url: credential.url,
          part_number: credential.partNumber,
          // An empty map is left out, as protobuf's JSON leaves it out.
          ...(Object.keys(credential.headers).length > 0 ? { headers: credential.headers } : {}),
        })),
      };
    });

    multipartRoute(scope, 'complete', async (request, caller, target) => {
      const body = parseRequest(completeRequest, request);
      const parts = body.parts.map((p) => ({ partNumber: p.part_number, etag: p.etag ?? '' }));
      await artifacts.completeMultipartUpload(
        caller,
        target(body.path),
        body.upload_id ?? '',
        parts,
      );
      return {};
    });

    multipartRoute(scope, 'abort', async (request, caller, target) => {
      const body = parseRequest(abortRequest, request);
      await artifacts.abortMultipartUpload(caller, target(body.path), body.upload_id ?? '');
      return {};
    });
  });
}

function multipartRoute(
  app: FastifyInstance,
  action: 'create' | 'complete' | 'abort',
  handler: MultipartHandler,
): void {
  app.post(`/mpu/${action}/*`, async (request, reply) => {
    const directory = (request.params as Record<string, string | undefined>)['*'] ?? '';
    try {
      const body = await handler(request, callerOf(request), (localPath) =>
        destination(directory, localPath),
      );
      return await reply.type('application/json').send(stringifyMlflowJson(body));
    } catch (err) {
      if (!isMultipartUnsupported(err)) throw err;
      // Answered here rather than thrown: the error handler logs every 5xx as a failure, and this
      // is the expected answer of a local store, which tells the client to upload in one request.
      return reply
        .code(501)
        .type('application/json')
        .send(JSON.stringify({ error_code: 'NOT_IMPLEMENTED', message: MULTIPART_UNSUPPORTED }));
    }
  });
}

/** `<directory>/<base name of the client's file>`; a Windows path's base name too. */
function destination(directory: string, localPath: string): string {
  const name = localPath.split(/[/\\]/u).pop() ?? '';
  if (name === '') {
    throw invalidParameter('path', localPath, 'expected the path of a file, not a directory');
  }
  return directory === '' ? name : `${directory.replace(/\/+$/u, '')}/${name}`;
}
