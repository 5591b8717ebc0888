import type { FastifyInstance } from 'fastify';
import type { TrackingServices } from '../http-services.js';
import { withRunOutputs } from './logged-model-mappers.js';
import { parseRequest, requireRunId } from './mlflow-request.js';
import { jsonRoute } from './mlflow-route.js';
import { nonEmpty, runInfoToJson, runToJson } from './tracking-mappers.js';
import {
  createRunRequest,
  deleteTagRequest,
  getRunRequest,
  keyValueRequest,
  logBatchRequest,
  logInputsRequest,
  logMetricRequest,
  logModelRequest,
  runIdRequest,
  searchRunsRequest,
  updateRunRequest,
} from './tracking-requests.js';

/** /mlflow/runs/* (paths relative to the /api/2.0/mlflow or /ajax-api/2.0/mlflow scope). */
export function registerRunRoutes(
  app: FastifyInstance,
  { runs }: Pick<TrackingServices, 'runs'>,
): void {
  jsonRoute(app, 'POST', '/runs/create', async (request, caller) => {
    const body = parseRequest(createRunRequest, request);
    const run = await runs.create(caller, {
      experimentId: body.experiment_id,
      userId: body.user_id,
      runName: body.run_name,
      startTime: body.start_time,
      tags: body.tags,
    });
    return { run: runToJson(run) };
  });

  jsonRoute(app, 'POST', '/runs/update', async (request, caller) => {
    const body = parseRequest(updateRunRequest, request);
    const info = await runs.update(caller, requireRunId(body), {
      status: body.status,
      endTime: body.end_time,
      runName: body.run_name,
    });
    return { run_info: runInfoToJson(info) };
  });

  jsonRoute(app, 'POST', '/runs/delete', async (request, caller) => {
    await runs.delete(caller, parseRequest(runIdRequest, request).run_id);
    return {};
  });

  jsonRoute(app, 'POST', '/runs/restore', async (request, caller) => {
    await runs.restore(caller, parseRequest(runIdRequest, request).run_id);
    return {};
  });

  jsonRoute(app, 'GET', '/runs/get', async (request, caller) => {
    const body = parseRequest(getRunRequest, request);
    const { run, outputs } = await runs.getWithOutputs(caller, requireRunId(body));
    return { run: withRunOutputs(runToJson(run), outputs) };
  });

  jsonRoute(app, 'POST', '/runs/log-metric', async (request, caller) => {
    const body = parseRequest(logMetricRequest, request);
    // MLflow 3: a point naming a logged model is linked to it too, in the same transaction.
    await runs.logBatch(caller, requireRunId(body), {
      metrics: [
        {
          key: body.key,
          value: body.value,
          timestamp: body.timestamp,
          step: body.step ?? 0,
          modelId: body.model_id,
          datasetName: body.dataset_name,
          datasetDigest: body.dataset_digest,
        },
      ],
    });
    return {};
  });

  jsonRoute(app, 'POST', '/runs/log-parameter', async (request, caller) => {
    const body = parseRequest(keyValueRequest, request);
    await runs.logBatch(caller, requireRunId(body), {
      params: [{ key: body.key, value: body.value ?? '' }],
    });
    return {};
  });

  jsonRoute(app, 'POST', '/runs/set-tag', async (request, caller) => {
    const body = parseRequest(keyValueRequest, request);
    await runs.logBatch(caller, requireRunId(body), {
      tags: [{ key: body.key, value: body.value ?? '' }],
    });
    return {};
  });

  jsonRoute(app, 'POST', '/runs/delete-tag', async (request, caller) => {
    const body = parseRequest(deleteTagRequest, request);
    await runs.deleteTag(caller, body.run_id, body.key);
    return {};
  });

  jsonRoute(app, 'POST', '/runs/log-batch', async (request, caller) => {
    const body = parseRequest(logBatchRequest, request);
    // MLflow 3: points naming a logged model are linked to it too, in the same transaction.
    const metrics = body.metrics.map((m) => ({
      key: m.key,
      value: m.value,
      timestamp: m.timestamp,
      step: m.step ?? 0,
      modelId: m.model_id,
      datasetName: m.dataset_name,
      datasetDigest: m.dataset_digest,
    }));
    await runs.logBatch(caller, body.run_id, { metrics, params: body.params, tags: body.tags });
    return {};
  });

  jsonRoute(app, 'POST', '/runs/log-model', async (request, caller) => {
    const body = parseRequest(logModelRequest, request);
    await runs.logModel(caller, body.run_id, body.model_json);
    return {};
  });

  jsonRoute(app, 'POST', '/runs/log-inputs', async (request, caller) => {
    const body = parseRequest(logInputsRequest, request);
    await runs.logInputs(
      caller,
      body.run_id,
      body.datasets.map((input) => ({
        tags: input.tags,
        dataset: {
          name: input.dataset.name,
          digest: input.dataset.digest,
          sourceType: input.dataset.source_type,
          source: input.dataset.source,
          schema: input.dataset.schema,
          profile: input.dataset.profile,
        },
      })),
    );
    return {};
  });

  jsonRoute(app, 'POST', '/runs/search', async (request, caller) => {
    const body = parseRequest(searchRunsRequest, request);
    const page = await runs.search(caller, {
      experimentIds: body.experiment_ids,
      filter: body.filter,
      orderBy: body.order_by,
      viewType: body.run_view_type,
      maxResults: body.max_results,
      pageToken: body.page_token || undefined,
      runInfoOnly: body.run_info_only,
    });
    return {
      runs: nonEmpty(page.runs.map(runToJson)),
      next_page_token: page.nextPageToken || undefined,
    };
  });
}
