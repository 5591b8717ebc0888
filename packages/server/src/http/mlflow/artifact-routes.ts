import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TrackingServices } from '../http-services.js';
import { callerOf } from '../request-caller.js';
import { limitBytes, sendArtifact } from './artifact-streams.js';
import { payloadTooLarge } from './mlflow-errors.js';
import { fields } from './mlflow-fields.js';
import { parseRequest } from './mlflow-request.js';
import { jsonRoute } from './mlflow-route.js';
import { registerMultipartRoutes } from './multipart-routes.js';
import { fileInfoToJson, nonEmpty } from './tracking-mappers.js';
import { z } from 'zod';

const listRequest = z.object({ path: fields.string() });

/**
 * The artifact proxy, /mlflow-artifacts/artifacts (relative to the /api/2.0/mlflow-artifacts scope).
 * Paths are store-relative, e.g. `1/<run id>/artifacts/model/MLmodel`, as in MLflow.
 */
export function registerArtifactProxyRoutes(
  app: FastifyInstance,
  { artifacts }: Pick<TrackingServices, 'artifacts'>,
  artifactLimitBytes: number,
): void {
  app.put('/artifacts/*', async (request, reply) => {
    const path = wildcardPath(request);
    const declared = Number(request.headers['content-length']);
    if (Number.isFinite(declared) && declared > artifactLimitBytes) {
      throw payloadTooLarge(artifactLimitBytes);
    }
    const source = request.body instanceof Readable ? request.body : Readable.from([]);
    const limiter = limitBytes(artifactLimitBytes);
    // pipe() does not forward failures: without these a client that disconnects mid-upload would
    // leave the store waiting for the end of the stream forever.
    source.once('error', (err) => limiter.stream.destroy(err));
    source.once('close', () => {
      if (!source.readableEnded) limiter.stream.destroy(new Error('The upload was interrupted.'));
    });
    source.pipe(limiter.stream);
    try {
      await artifacts.put(callerOf(request), path, limiter.stream);
    } catch (err) {
      // Stop reading the rest of an oversized body; the connection closes after the 413.
      source.unpipe(limiter.stream);
      source.resume();
      if (limiter.exceeded()) {
        reply.header('Connection', 'close');
        throw payloadTooLarge(artifactLimitBytes);
      }
      throw err;
    }
    return reply.type('application/json').send('{}');
  });

  app.get('/artifacts/*', async (request, reply) => {
    const path = wildcardPath(request);
    return sendArtifact(reply, path, await artifacts.get(callerOf(request), path));
  });

  app.delete('/artifacts/*', async (request, reply) => {
    await artifacts.delete(callerOf(request), wildcardPath(request));
    return reply.type('application/json').send('{}');
  });

  registerMultipartRoutes(app, { artifacts });

  jsonRoute(app, 'GET', '/artifacts', async (request, caller) => {
    const { path } = parseRequest(listRequest, request);
    const files = await artifacts.list(caller, path);
    // MLflow names each entry by its basename: paths are relative to the listed directory.
    return {
      files: nonEmpty(files.map((f) => fileInfoToJson(f, f.path.split('/').pop() ?? f.path))),
    };
  });
}

function wildcardPath(request: FastifyRequest): string {
  return (request.params as Record<string, string | undefined>)['*'] ?? '';
}
