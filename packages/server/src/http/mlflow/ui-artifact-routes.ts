import { joinArtifactPath } from '@slipway/core';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Platform } from '../../platform.js';
import { storageKeyForUri } from '../../services/artifact-service.js';
import { sendArtifact } from './artifact-streams.js';
import { fields } from './mlflow-fields.js';
import { parseRequest, requireRunId } from './mlflow-request.js';

const runArtifactRequest = z.object({
  run_id: fields.string(),
  run_uuid: fields.string(),
  path: fields.requiredString(),
});

const versionArtifactRequest = z.object({
  name: fields.requiredString(),
  version: fields.requiredVersion(),
  path: fields.requiredString(),
});

/** The file downloads MLflow's web UI uses: /get-artifact and /model-versions/get-artifact. */
export function registerUiArtifactRoutes(app: FastifyInstance, platform: Platform): void {
  app.get('/get-artifact', async (request, reply) => {
    const body = parseRequest(runArtifactRequest, request);
    const stream = await platform.artifacts.downloadRunArtifact(requireRunId(body), body.path);
    return sendArtifact(reply, body.path, stream);
  });

  app.get('/model-versions/get-artifact', async (request, reply) => {
    const body = parseRequest(versionArtifactRequest, request);
    const root = await platform.registry.getDownloadUri(body.name, body.version);
    const key = joinArtifactPath(storageKeyForUri(root), body.path);
    return sendArtifact(reply, body.path, await platform.artifacts.get(key));
  });
}
