import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { RegistryServices, TrackingServices } from '../http-services.js';
import { callerOf } from '../request-caller.js';
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
export function registerUiArtifactRoutes(
  app: FastifyInstance,
  { artifacts, registry }: Pick<TrackingServices, 'artifacts'> & RegistryServices,
): void {
  app.get('/get-artifact', async (request, reply) => {
    const body = parseRequest(runArtifactRequest, request);
    const stream = await artifacts.downloadRunArtifact(
      callerOf(request),
      requireRunId(body),
      body.path,
    );
    return sendArtifact(reply, body.path, stream);
  });

  app.get('/model-versions/get-artifact', async (request, reply) => {
    const body = parseRequest(versionArtifactRequest, request);
    const stream = await registry.downloadVersionFile(
      callerOf(request),
      body.name,
      body.version,
      body.path,
    );
    return sendArtifact(reply, body.path, stream);
  });
}
