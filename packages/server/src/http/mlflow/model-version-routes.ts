import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { requestActor } from '../request-actor.js';
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

  jsonRoute(app, 'POST', `${base}/create`, async (request) => {
    const body = parseRequest(createModelVersionRequest, request);
    const version = await registry.createModelVersion(
      {
        name: body.name,
        source: body.source,
        runId: body.run_id || undefined,
        runLink: body.run_link,
        description: body.description,
        tags: body.tags,
      },
      requestActor(request),
    );
    return { model_version: modelVersionToJson(version) };
  });

  jsonRoute(app, 'GET', `${base}/get`, async (request) => {
    const body = parseRequest(versionRequest, request);
    return {
      model_version: modelVersionToJson(await registry.getModelVersion(body.name, body.version)),
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
    return { model_version: modelVersionToJson(version) };
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
      model_versions: nonEmpty(page.modelVersions.map(modelVersionToJson)),
      next_page_token: page.nextPageToken || undefined,
    };
  });

  jsonRoute(app, 'GET', `${base}/get-download-uri`, async (request) => {
    const body = parseRequest(versionRequest, request);
    return { artifact_uri: await registry.getDownloadUri(body.name, body.version) };
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
    return { model_version: modelVersionToJson(version) };
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
