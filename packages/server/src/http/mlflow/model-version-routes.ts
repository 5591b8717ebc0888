import type { FastifyInstance } from 'fastify';
import type { RegistryServices } from '../http-services.js';
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
export function registerModelVersionRoutes(
  app: FastifyInstance,
  { registry }: RegistryServices,
): void {
  const base = '/model-versions';

  jsonRoute(app, 'POST', `${base}/create`, async (request, caller) => {
    const body = parseRequest(createModelVersionRequest, request);
    const version = await registry.createModelVersion(caller, {
      name: body.name,
      source: body.source,
      runId: body.run_id,
      runLink: body.run_link,
      description: body.description,
      tags: body.tags,
      modelId: body.model_id,
    });
    return { model_version: modelVersionToJson(version) };
  });

  jsonRoute(app, 'GET', `${base}/get`, async (request, caller) => {
    const body = parseRequest(versionRequest, request);
    return {
      model_version: modelVersionToJson(
        await registry.getModelVersion(caller, body.name, body.version),
      ),
    };
  });

  jsonRoute(app, 'PATCH', `${base}/update`, async (request, caller) => {
    const body = parseRequest(updateModelVersionRequest, request);
    const version = await registry.updateModelVersion(
      caller,
      body.name,
      body.version,
      body.description,
    );
    return { model_version: modelVersionToJson(version) };
  });

  jsonRoute(app, 'DELETE', `${base}/delete`, async (request, caller) => {
    const body = parseRequest(versionRequest, request);
    await registry.deleteModelVersion(caller, body.name, body.version);
    return {};
  });

  jsonRoute(app, 'GET', `${base}/search`, async (request, caller) => {
    const body = parseRequest(searchRequest, request);
    const page = await registry.searchModelVersions(caller, {
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

  jsonRoute(app, 'GET', `${base}/get-download-uri`, async (request, caller) => {
    const body = parseRequest(versionRequest, request);
    return { artifact_uri: await registry.getDownloadUri(caller, body.name, body.version) };
  });

  jsonRoute(app, 'POST', `${base}/transition-stage`, async (request, caller) => {
    const body = parseRequest(transitionStageRequest, request);
    const version = await registry.transitionStage(
      caller,
      body.name,
      body.version,
      body.stage,
      body.archive_existing_versions ?? false,
    );
    return { model_version: modelVersionToJson(version) };
  });

  jsonRoute(app, 'POST', `${base}/set-tag`, async (request, caller) => {
    const body = parseRequest(setModelVersionTagRequest, request);
    await registry.setModelVersionTag(caller, body.name, body.version, {
      key: body.key,
      value: body.value ?? '',
    });
    return {};
  });

  jsonRoute(app, 'DELETE', `${base}/delete-tag`, async (request, caller) => {
    const body = parseRequest(deleteModelVersionTagRequest, request);
    await registry.deleteModelVersionTag(caller, body.name, body.version, body.key);
    return {};
  });
}
