import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { TrackingServices } from '../http-services.js';
import { binaryContext, bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export async function artifactRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { artifacts }: Pick<TrackingServices, 'artifacts'>,
): Promise<void> {
  await binaryContext(app, (raw) => {
    bindRoute(raw, o, r.uploadRunArtifact, async ({ params, body, caller }) => {
      await artifacts.uploadRunArtifact(caller, params.runId, params.path, body);
    });
  });
  bindRoute(app, o, r.downloadRunArtifact, async ({ params, caller }) =>
    artifacts.downloadRunArtifact(caller, params.runId, params.path),
  );
  bindRoute(app, o, r.listRunArtifacts, async ({ params, query, caller }) => ({
    files: (await artifacts.listRunArtifacts(caller, params.runId, query.path)).files,
  }));
  bindRoute(app, o, r.getRunArtifactSignature, async ({ params, caller }) =>
    artifacts.runArtifactSignature(caller, params.runId, params.path),
  );
}
