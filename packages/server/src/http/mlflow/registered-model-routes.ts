import type { FastifyInstance } from 'fastify';
import type { RegistryServices } from '../http-services.js';
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
export function registerRegisteredModelRoutes(
  app: FastifyInstance,
  { registry }: RegistryServices,
): void {
  const base = '/registered-models';

  jsonRoute(app, 'POST', `${base}/create`, async (request, caller) => {
    const body = parseRequest(createRegisteredModelRequest, request);
    const model = await registry.createRegisteredModel(caller, {
      name: body.name,
      description: body.description,
      tags: body.tags,
    });
    return { registered_model: registeredModelToJson(model) };
  });

  jsonRoute(app, 'GET', `${base}/get`, async (request, caller) => {
    const { name } = parseRequest(modelNameRequest, request);
    return {
      registered_model: registeredModelToJson(await registry.getRegisteredModel(caller, name)),
    };
  });

  jsonRoute(app, 'POST', `${base}/rename`, async (request, caller) => {
    const body = parseRequest(renameRegisteredModelRequest, request);
    const model = await registry.renameRegisteredModel(caller, body.name, body.new_name);
    return { registered_model: registeredModelToJson(model) };
  });

  jsonRoute(app, 'PATCH', `${base}/update`, async (request, caller) => {
    const body = parseRequest(updateRegisteredModelRequest, request);
    const model = await registry.updateRegisteredModel(caller, body.name, body.description);
    return { registered_model: registeredModelToJson(model) };
  });

  jsonRoute(app, 'DELETE', `${base}/delete`, async (request, caller) => {
    const { name } = parseRequest(modelNameRequest, request);
    await registry.deleteRegisteredModel(caller, name);
    return {};
  });

  jsonRoute(app, 'GET', `${base}/search`, async (request, caller) => {
    const body = parseRequest(searchRequest, request);
    const page = await registry.searchRegisteredModels(caller, {
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

  jsonRoute(app, ['GET', 'POST'], `${base}/get-latest-versions`, async (request, caller) => {
    const body = parseRequest(getLatestVersionsRequest, request);
    const versions = await registry.getLatestVersions(caller, body.name, body.stages);
    return { model_versions: nonEmpty(versions.map(modelVersionToJson)) };
  });

  jsonRoute(app, 'POST', `${base}/set-tag`, async (request, caller) => {
    const body = parseRequest(setRegisteredModelTagRequest, request);
    await registry.setRegisteredModelTag(caller, body.name, {
      key: body.key,
      value: body.value ?? '',
    });
    return {};
  });

  jsonRoute(app, 'DELETE', `${base}/delete-tag`, async (request, caller) => {
    const body = parseRequest(deleteRegisteredModelTagRequest, request);
    await registry.deleteRegisteredModelTag(caller, body.name, body.key);
    return {};
  });

  jsonRoute(app, 'POST', `${base}/alias`, async (request, caller) => {
    const body = parseRequest(setAliasRequest, request);
    await registry.setAlias(caller, body.name, body.alias, body.version);
    return {};
  });

  jsonRoute(app, 'DELETE', `${base}/alias`, async (request, caller) => {
    const body = parseRequest(aliasRequest, request);
    await registry.deleteAlias(caller, body.name, body.alias);
    return {};
  });

  jsonRoute(app, 'GET', `${base}/alias`, async (request, caller) => {
    const body = parseRequest(aliasRequest, request);
    const version = await registry.getModelVersionByAlias(caller, body.name, body.alias);
    return { model_version: modelVersionToJson(version) };
  });
}
