import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { RegistryServices } from '../http-services.js';
import { binaryContext, bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export async function modelVersionRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { registry }: RegistryServices,
): Promise<void> {
  bindRoute(app, o, r.createModelVersion, async ({ params, body, caller }) => ({
    modelVersion: await registry.createModelVersion(caller, { ...body, name: params.name }),
  }));
  bindRoute(app, o, r.listModelVersions, async ({ params, query, caller }) =>
    registry.searchModelVersions(caller, {
      ...query,
      filter: withModelName(params.name, query.filter),
    }),
  );
  bindRoute(app, o, r.searchModelVersions, async ({ query, caller }) =>
    registry.searchModelVersions(caller, query),
  );
  bindRoute(app, o, r.getModelVersion, async ({ params, caller }) => ({
    modelVersion: await registry.getModelVersion(caller, params.name, params.version),
  }));
  bindRoute(app, o, r.updateModelVersion, async ({ params, body, caller }) => ({
    modelVersion: await registry.updateModelVersion(
      caller,
      params.name,
      params.version,
      body.description,
    ),
  }));
  bindRoute(app, o, r.deleteModelVersion, async ({ params, caller }) => {
    await registry.deleteModelVersion(caller, params.name, params.version);
  });
  bindRoute(app, o, r.transitionModelVersionStage, async ({ params, body, caller }) => ({
    modelVersion: await registry.transitionStage(
      caller,
      params.name,
      params.version,
      body.stage,
      body.archiveExistingVersions,
    ),
  }));
  bindRoute(app, o, r.setModelVersionTag, async ({ params, body, caller }) => {
    await registry.setModelVersionTag(caller, params.name, params.version, {
      key: params.key,
      value: body.value,
    });
  });
  bindRoute(app, o, r.deleteModelVersionTag, async ({ params, caller }) => {
    await registry.deleteModelVersionTag(caller, params.name, params.version, params.key);
  });
  bindRoute(app, o, r.getModelVersionDownloadUri, async ({ params, caller }) => ({
    artifactUri: await registry.getDownloadUri(caller, params.name, params.version),
  }));
  bindRoute(app, o, r.getModelVersionSignature, async ({ params, caller }) =>
    registry.getVersionSignature(caller, params.name, params.version),
  );
  bindRoute(app, o, r.setModelAlias, async ({ params, body, caller }) => {
    await registry.setAlias(caller, params.name, params.alias, body.version);
  });
  bindRoute(app, o, r.getModelVersionByAlias, async ({ params, caller }) => ({
    modelVersion: await registry.getModelVersionByAlias(caller, params.name, params.alias),
  }));
  bindRoute(app, o, r.deleteModelAlias, async ({ params, caller }) => {
    await registry.deleteAlias(caller, params.name, params.alias);
  });
  bindRoute(app, o, r.resolveModelUri, async ({ query, caller }) => ({
    modelVersion: await registry.resolveModelUri(caller, query.uri),
  }));
  await binaryContext(app, (raw) => {
    bindRoute(raw, o, r.uploadModelFile, async ({ params, body, caller }) => {
      await registry.uploadVersionFile(caller, params.name, params.uploadId, params.path, body);
    });
  });
}

/** The model name as a filter clause (quotes doubled, the filter syntax's escape), AND the rest. */
function withModelName(name: string, filter: string | undefined): string {
  const clause = `name = '${name.replaceAll("'", "''")}'`;
  return filter?.trim() ? `${clause} AND ${filter}` : clause;
}
