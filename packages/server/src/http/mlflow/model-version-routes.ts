import type { FastifyInstance } from 'fastify';
import { modelVersionKey, type ModelVersion } from '@slipway/core';
import type { Platform } from '../../platform.js';
import { requestActor } from '../request-actor.js';
import { withModelId } from './logged-model-mappers.js';
import { parseRequest } from './mlflow-request.js';
import { jsonRoute } from './mlflow-route.js';
import { modelVersionToJson } from './registry-mappers.js';
import {
  createModelVersionRequest,
  deleteModelVersionTagRequest,
  searchRequest,
  setModelVersionTagRequest,
  transitionStageRequest,
  updateModelVersionRequest,
  versionRequest,
} from './registry-requests.js';
import { nonEmpty } from './tracking-mappers.js';

/** /mlflow/model-versions/* (paths relative to the /api/2.0/mlflow or /ajax-api/2.0/mlflow scope). */
export function registerModelVersionRoutes(app: FastifyInstance, platform: Platform): void {
  const registry = platform.registry;
  const base = '/model-versions';
  // MLflow 3: versions promoted from a logged model carry its id as `model_id`.
  const toJson = async (versions: ModelVersion[]) => {
    const ids = await platform.loggedModels.modelIdsOfVersions(versions);
    return versions.map((v) => withModelId(modelVersionToJson(v), ids.get(modelVersionKey(v))));
  };
  const oneToJson = async (version: ModelVersion) =>
    (await toJson([version]))[0] ?? modelVersionToJson(version);

  jsonRoute(app, 'POST', `${base}/create`, async (request) => {
    const body = parseRequest(createModelVersionRequest, request);
    const link = await platform.loggedModels.resolveVersionSource({
      source: body.source,
      runId: body.run_id,
      modelId: body.model_id,
    });
    const version = await registry.createModelVersion(
      {
        name: body.name,
        source: body.source,
        runId: link.runId,
        runLink: body.run_link,
        description: body.description,
        tags: body.tags,
      },
      requestActor(request),
    );
    if (link.modelId === undefined) return { model_version: modelVersionToJson(version) };
    await platform.loggedModels.linkVersion(version, link.modelId);
    return { model_version: withModelId(modelVersionToJson(version), link.modelId) };
  });

  jsonRoute(app, 'GET', `${base}/get`, async (request) => {
    const body = parseRequest(versionRequest, request);
    return {
      model_version: await oneToJson(await registry.getModelVersion(body.name, body.version)),
    };
  });

  jsonRoute(app, 'PATCH', `${base}/update`, async (request) => {
    const body = parseRequest(updateModelVersionRequest, request);
    const version = await registry.updateModelVersion(
      body.name,
      body.version,
      body.description,
      requestActor(request),
    );
    return { model_version: await oneToJson(version) };
  });

  jsonRoute(app, 'DELETE', `${base}/delete`, async (request) => {
    const body = parseRequest(versionRequest, request);
    await registry.deleteModelVersion(body.name, body.version, requestActor(request));
    return {};
  });

  jsonRoute(app, 'GET', `${base}/search`, async (request) => {
    const body = parseRequest(searchRequest, request);
    const page = await registry.searchModelVersions({
      filter: body.filter,
      orderBy: body.order_by,
      maxResults: body.max_results,
      pageToken: body.page_token || undefined,
    });
    return {
      model_versions: nonEmpty(await toJson(page.modelVersions)),
      next_page_token: page.nextPageToken || undefined,
    };
  });

  jsonRoute(app, 'GET', `${base}/get-download-uri`, async (request) => {
    const body = parseRequest(versionRequest, request);
    const version = await registry.getModelVersion(body.name, body.version);
    // A `models:/<model id>` source is stored as given; its files are the logged model's.
    const location = await platform.loggedModels.artifactLocationOfSource(version.source);
    return { artifact_uri: location ?? (await registry.getDownloadUri(body.name, body.version)) };
  });

  jsonRoute(app, 'POST', `${base}/transition-stage`, async (request) => {
    const body = parseRequest(transitionStageRequest, request);
    const version = await registry.transitionStage(
      body.name,
      body.version,
      body.stage,
      body.archive_existing_versions ?? false,
      requestActor(request),
    );
    return { model_version: await oneToJson(version) };
  });

  jsonRoute(app, 'POST', `${base}/set-tag`, async (request) => {
    const body = parseRequest(setModelVersionTagRequest, request);
    await registry.setModelVersionTag(
      body.name,
      body.version,
      { key: body.key, value: body.value ?? '' },
      requestActor(request),
    );
    return {};
  });

  jsonRoute(app, 'DELETE', `${base}/delete-tag`, async (request) => {
    const body = parseRequest(deleteModelVersionTagRequest, request);
    await registry.deleteModelVersionTag(body.name, body.version, body.key, requestActor(request));
    return {};
  });
}
