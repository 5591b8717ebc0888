import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { Platform } from '../../platform.js';
import { binaryContext, bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export async function artifactRoutes(
  app: FastifyInstance,
  o: BindOptions,
  platform: Platform,
): Promise<void> {
  const artifacts = platform.artifacts;
  await binaryContext(app, (raw) => {
    bindRoute(raw, o, r.uploadRunArtifact, async ({ params, body }) => {
      await artifacts.uploadRunArtifact(params.runId, params.path, body);
    });
  });
  bindRoute(app, o, r.downloadRunArtifact, async ({ params }) =>
    artifacts.downloadRunArtifact(params.runId, params.path),
  );
  bindRoute(app, o, r.listRunArtifacts, async ({ params, query }) => ({
    files: await artifacts.listRunArtifacts(params.runId, query.path),
  }));
}
