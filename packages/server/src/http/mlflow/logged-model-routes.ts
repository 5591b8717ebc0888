import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { TrackingServices } from '../http-services.js';
import { callerOf } from '../request-caller.js';
import { sendArtifact } from './artifact-streams.js';
import { missingParameter } from './mlflow-errors.js';
import { parseRequest } from './mlflow-request.js';
import { jsonRoute } from './mlflow-route.js';
import { loggedModelToJson } from './logged-model-mappers.js';
import {
  createLoggedModelRequest,
  finalizeLoggedModelRequest,
  listLoggedModelArtifactsRequest,
  logLoggedModelParamsRequest,
  logOutputsRequest,
  loggedModelArtifactFileRequest,
  searchLoggedModelsRequest,
  setLoggedModelTagsRequest,
} from './logged-model-requests.js';
import { fileInfoToJson, nonEmpty } from './tracking-mappers.js';

/**
 * MLflow 3's logged-model endpoints, /mlflow/logged-models/* and /mlflow/runs/outputs (paths
 * relative to the /api/2.0/mlflow or /ajax-api/2.0/mlflow scope). The model id comes from the
 * path; MLflow's client repeats it in some bodies, where it is ignored.
 */
export function registerLoggedModelRoutes(
  app: FastifyInstance,
  { loggedModels: models }: Pick<TrackingServices, 'loggedModels'>,
): void {
  const base = '/logged-models';

  jsonRoute(app, 'POST', base, async (request, caller) => {
    const body = parseRequest(createLoggedModelRequest, request);
    const model = await models.create(caller, {
      experimentId: body.experiment_id,
      name: body.name,
      // MLflow stores the proto defaults: an unset type or source run reads back as ''.
      modelType: body.model_type ?? '',
      sourceRunId: body.source_run_id ?? '',
      tags: body.tags,
      params: body.params,
    });
    return { model: loggedModelToJson(model) };
  });

  jsonRoute(app, 'POST', `${base}/search`, async (request, caller) => {
    const body = parseRequest(searchLoggedModelsRequest, request);
    const page = await models.search(caller, {
      experimentIds: body.experiment_ids,
      filter: body.filter,
      datasets: body.datasets.map((d) => ({
        datasetName: d.dataset_name,
        datasetDigest: d.dataset_digest,
      })),
      orderBy: body.order_by.map((o) => ({
        fieldName: o.field_name,
        ascending: o.ascending,
        datasetName: o.dataset_name,
        datasetDigest: o.dataset_digest,
      })),
      // As MLflow: 0 (the proto default a client may send) means the server's default.
      maxResults: body.max_results || undefined,
      pageToken: body.page_token || undefined,
    });
    return {
      models: nonEmpty(page.models.map(loggedModelToJson)),
      next_page_token: page.nextPageToken || undefined,
    };
  });

  jsonRoute(app, 'GET', `${base}/:model_id`, async (request, caller) => ({
    model: loggedModelToJson(await models.get(caller, modelIdOf(request))),
  }));

  jsonRoute(app, 'PATCH', `${base}/:model_id`, async (request, caller) => {
    const body = parseRequest(finalizeLoggedModelRequest, request);
    return {
      model: loggedModelToJson(await models.finalize(caller, modelIdOf(request), body.status)),
    };
  });

  jsonRoute(app, 'DELETE', `${base}/:model_id`, async (request, caller) => {
    await models.delete(caller, modelIdOf(request));
    return {};
  });

  jsonRoute(app, 'PATCH', `${base}/:model_id/tags`, async (request, caller) => {
    const body = parseRequest(setLoggedModelTagsRequest, request);
    await models.setTags(caller, modelIdOf(request), body.tags);
    return {};
  });

  // A wildcard, not a parameter, so tag keys may contain '/' (as tag keys may).
  jsonRoute(app, 'DELETE', `${base}/:model_id/tags/*`, async (request, caller) => {
    const key = pathParam(request, '*');
    if (!key) throw missingParameter('tag_key');
    await models.deleteTag(caller, modelIdOf(request), key);
    return {};
  });

  jsonRoute(app, 'POST', `${base}/:model_id/params`, async (request, caller) => {
    const body = parseRequest(logLoggedModelParamsRequest, request);
    await models.logParams(caller, modelIdOf(request), body.params);
    return {};
  });

  jsonRoute(app, 'GET', `${base}/:model_id/artifacts/directories`, async (request, caller) => {
    const body = parseRequest(listLoggedModelArtifactsRequest, request);
    const listing = await models.listArtifacts(
      caller,
      modelIdOf(request),
      body.artifact_directory_path,
    );
    return {
      root_uri: listing.rootUri,
      files: nonEmpty(listing.files.map((f) => fileInfoToJson(f, f.path))),
    };
  });

  // The file download MLflow's web UI uses for a logged model's artifacts.
  app.get(`${base}/:model_id/artifacts/files`, async (request, reply) => {
    const body = parseRequest(loggedModelArtifactFileRequest, request);
    const stream = await models.downloadArtifact(
      callerOf(request),
      modelIdOf(request),
      body.artifact_file_path,
    );
    return sendArtifact(reply, body.artifact_file_path, stream);
  });

  jsonRoute(app, 'POST', '/runs/outputs', async (request, caller) => {
    const body = parseRequest(logOutputsRequest, request);
    await models.logOutputs(
      caller,
      body.run_id,
      body.models.map((m) => ({ modelId: m.model_id, step: m.step ?? 0 })),
    );
    return {};
  });
}

function modelIdOf(request: FastifyRequest): string {
  const id = pathParam(request, 'model_id');
  if (!id) throw missingParameter('model_id');
  return id;
}

function pathParam(request: FastifyRequest, name: string): string | undefined {
  return (request.params as Record<string, string | undefined>)[name];
}
