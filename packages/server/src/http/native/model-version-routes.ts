import type { FastifyInstance } from 'fastify';
import {
  checkArtifactPath,
  joinArtifactPath,
  modelUploadLocation,
  nativeRoutes as r,
} from '@slipway/core';
import type { Platform } from '../../platform.js';
import { requestActor } from '../request-actor.js';
import { binaryContext, bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export async function modelVersionRoutes(
  app: FastifyInstance,
  o: BindOptions,
  platform: Platform,
): Promise<void> {
  const registry = platform.registry;
  bindRoute(app, o, r.createModelVersion, async ({ params, body, request }) => ({
    modelVersion: await registry.createModelVersion(
      { ...body, name: params.name },
      requestActor(request),
    ),
  }));
  bindRoute(app, o, r.listModelVersions, async ({ params, query }) =>
    registry.searchModelVersions({ ...query, filter: withModelName(params.name, query.filter) }),
  );
  bindRoute(app, o, r.searchModelVersions, async ({ query }) =>
    registry.searchModelVersions(query),
  );
  bindRoute(app, o, r.getModelVersion, async ({ params }) => ({
    modelVersion: await registry.getModelVersion(params.name, params.version),
  }));
  bindRoute(app, o, r.updateModelVersion, async ({ params, body, request }) => ({
    modelVersion: await registry.updateModelVersion(
      params.name,
      params.version,
      body.description,
      requestActor(request),
    ),
  }));
  bindRoute(app, o, r.deleteModelVersion, async ({ params, request }) => {
    await registry.deleteModelVersion(params.name, params.version, requestActor(request));
  });
  bindRoute(app, o, r.transitionModelVersionStage, async ({ params, body, request }) => ({
    modelVersion: await registry.transitionStage(
      params.name,
      params.version,
      body.stage,
      body.archiveExistingVersions,
      requestActor(request),
    ),
  }));
  bindRoute(app, o, r.setModelVersionTag, async ({ params, body, request }) => {
    await registry.setModelVersionTag(
      params.name,
      params.version,
      { key: params.key, value: body.value },
      requestActor(request),
    );
  });
  bindRoute(app, o, r.deleteModelVersionTag, async ({ params, request }) => {
    await registry.deleteModelVersionTag(
      params.name,
      params.version,
      params.key,
      requestActor(request),
    );
  });
  bindRoute(app, o, r.getModelVersionDownloadUri, async ({ params }) => ({
    artifactUri: await registry.getDownloadUri(params.name, params.version),
  }));
  bindRoute(app, o, r.setModelAlias, async ({ params, body, request }) => {
    await registry.setAlias(params.name, params.alias, body.version, requestActor(request));
  });
  bindRoute(app, o, r.getModelVersionByAlias, async ({ params }) => ({
    modelVersion: await registry.getModelVersionByAlias(params.name, params.alias),
  }));
  bindRoute(app, o, r.deleteModelAlias, async ({ params, request }) => {
    await registry.deleteAlias(params.name, params.alias, requestActor(request));
  });
  bindRoute(app, o, r.resolveModelUri, async ({ query }) => ({
    modelVersion: await registry.resolveModelUri(query.uri),
  }));
  await binaryContext(app, (raw) => {
    bindRoute(raw, o, r.uploadModelFile, async ({ params, body }) => {
      // Staged files belong to an existing model, so a typo in the name fails before any upload.
      await registry.getRegisteredModel(params.name);
      const { storagePath } = modelUploadLocation(params.name, params.uploadId);
      await platform.artifacts.put(
        joinArtifactPath(storagePath, checkArtifactPath(params.path)),
        body,
      );
    });
  });
}

/** The model name as a filter clause (quotes doubled, the filter syntax's escape), AND the rest. */
function withModelName(name: string, filter: string | undefined): string {
  const clause = `name = '${name.replaceAll("'", "''")}'`;
  return filter?.trim() ? `${clause} AND ${filter}` : clause;
}
