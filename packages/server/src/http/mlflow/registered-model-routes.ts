import type { FastifyInstance } from 'fastify';
import type { Platform } from '../../platform.js';
import { requestActor } from '../request-actor.js';
import { parseRequest } from './mlflow-request.js';
import { jsonRoute } from './mlflow-route.js';
import { modelVersionToJson, registeredModelToJson } from './registry-mappers.js';
import {
  aliasRequest,
  createRegisteredModelRequest,
  deleteRegisteredModelTagRequest,
  getLatestVersionsRequest,
  modelNameRequest,
  renameRegisteredModelRequest,
  searchRequest,
  setAliasRequest,
  setRegisteredModelTagRequest,
  updateRegisteredModelRequest,
} from './registry-requests.js';
import { nonEmpty } from './tracking-mappers.js';

/** /mlflow/registered-models/* (paths relative to the /api/2.0/mlflow or /ajax-api/2.0/mlflow scope). */
export function registerRegisteredModelRoutes(app: FastifyInstance, platform: Platform): void {
  const registry = platform.registry;
  const base = '/registered-models';

  jsonRoute(app, 'POST', `${base}/create`, async (request) => {
    const body = parseRequest(createRegisteredModelRequest, request);
    const model = await registry.createRegisteredModel(
      { name: body.name, description: body.description, tags: body.tags },
      requestActor(request),
    );
    return { registered_model: registeredModelToJson(model) };
  });

  jsonRoute(app, 'GET', `${base}/get`, async (request) => {
    const { name } = parseRequest(modelNameRequest, request);
    return { registered_model: registeredModelToJson(await registry.getRegisteredModel(name)) };
  });

  jsonRoute(app, 'POST', `${base}/rename`, async (request) => {
    const body = parseRequest(renameRegisteredModelRequest, request);
    const model = await registry.renameRegisteredModel(
      body.name,
      body.new_name,
      requestActor(request),
    );
    return { registered_model: registeredModelToJson(model) };
  });

  jsonRoute(app, 'PATCH', `${base}/update`, async (request) => {
    const body = parseRequest(updateRegisteredModelRequest, request);
    const model = await registry.updateRegisteredModel(
      body.name,
      body.description,
      requestActor(request),
    );
    return { registered_model: registeredModelToJson(model) };
  });

  jsonRoute(app, 'DELETE', `${base}/delete`, async (request) => {
    const { name } = parseRequest(modelNameRequest, request);
    await registry.deleteRegisteredModel(name, requestActor(request));
    return {};
  });

  jsonRoute(app, 'GET', `${base}/search`, async (request) => {
    const body = parseRequest(searchRequest, request);
    const page = await registry.searchRegisteredModels({
      filter: body.filter,
      orderBy: body.order_by,
      maxResults: body.max_results,
      pageToken: body.page_token || undefined,
    });
    return {
      registered_models: nonEmpty(page.registeredModels.map(registeredModelToJson)),
      next_page_token: page.nextPageToken || undefined,
    };
  });

  jsonRoute(app, ['GET', 'POST'], `${base}/get-latest-versions`, async (request) => {
    const body = parseRequest(getLatestVersionsRequest, request);
    const versions = await registry.getLatestVersions(body.name, body.stages);
    return { model_versions: nonEmpty(versions.map(modelVersionToJson)) };
  });

  jsonRoute(app, 'POST', `${base}/set-tag`, async (request) => {
    const body = parseRequest(setRegisteredModelTagRequest, request);
    await registry.setRegisteredModelTag(
      body.name,
      { key: body.key, value: body.value ?? '' },
      requestActor(request),
    );
    return {};
  });

  jsonRoute(app, 'DELETE', `${base}/delete-tag`, async (request) => {
    const body = parseRequest(deleteRegisteredModelTagRequest, request);
    await registry.deleteRegisteredModelTag(body.name, body.key, requestActor(request));
    return {};
  });

  jsonRoute(app, 'POST', `${base}/alias`, async (request) => {
    const body = parseRequest(setAliasRequest, request);
    await registry.setAlias(body.name, body.alias, body.version, requestActor(request));
    return {};
  });

  jsonRoute(app, 'DELETE', `${base}/alias`, async (request) => {
    const body = parseRequest(aliasRequest, request);
    await registry.deleteAlias(body.name, body.alias, requestActor(request));
    return {};
  });

  jsonRoute(app, 'GET', `${base}/alias`, async (request) => {
    const body = parseRequest(aliasRequest, request);
    const version = await registry.getModelVersionByAlias(body.name, body.alias);
    return { model_version: modelVersionToJson(version) };
  });
}
