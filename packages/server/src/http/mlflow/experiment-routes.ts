import type { FastifyInstance } from 'fastify';
import type { TrackingServices } from '../http-services.js';
import { parseRequest } from './mlflow-request.js';
import { jsonRoute } from './mlflow-route.js';
import { experimentToJson, nonEmpty } from './tracking-mappers.js';
import {
  createExperimentRequest,
  deleteExperimentTagRequest,
  experimentIdRequest,
  getExperimentByNameRequest,
  searchExperimentsRequest,
  setExperimentTagRequest,
  updateExperimentRequest,
} from './tracking-requests.js';

/** /mlflow/experiments/* (paths relative to the /api/2.0/mlflow or /ajax-api/2.0/mlflow scope). */
export function registerExperimentRoutes(
  app: FastifyInstance,
  { experiments }: Pick<TrackingServices, 'experiments'>,
): void {
  jsonRoute(app, 'POST', '/experiments/create', async (request, caller) => {
    const body = parseRequest(createExperimentRequest, request);
    const created = await experiments.create(caller, {
      name: body.name,
      artifactLocation: body.artifact_location,
      tags: body.tags,
    });
    return { experiment_id: created.experimentId };
  });

  jsonRoute(app, 'GET', '/experiments/get', async (request, caller) => {
    const { experiment_id } = parseRequest(experimentIdRequest, request);
    return { experiment: experimentToJson(await experiments.get(caller, experiment_id)) };
  });

  jsonRoute(app, 'GET', '/experiments/get-by-name', async (request, caller) => {
    const { experiment_name } = parseRequest(getExperimentByNameRequest, request);
    return { experiment: experimentToJson(await experiments.getByName(caller, experiment_name)) };
  });

  jsonRoute(app, ['GET', 'POST'], '/experiments/search', async (request, caller) => {
    const body = parseRequest(searchExperimentsRequest, request);
    const page = await experiments.search(caller, {
      maxResults: body.max_results,
      pageToken: body.page_token || undefined,
      filter: body.filter,
      orderBy: body.order_by,
      viewType: body.view_type,
    });
    return {
      experiments: nonEmpty(page.experiments.map(experimentToJson)),
      next_page_token: page.nextPageToken || undefined,
    };
  });

  jsonRoute(app, 'POST', '/experiments/update', async (request, caller) => {
    const body = parseRequest(updateExperimentRequest, request);
    await experiments.rename(caller, body.experiment_id, body.new_name);
    return {};
  });

  jsonRoute(app, 'POST', '/experiments/delete', async (request, caller) => {
    const { experiment_id } = parseRequest(experimentIdRequest, request);
    await experiments.delete(caller, experiment_id);
    return {};
  });

  jsonRoute(app, 'POST', '/experiments/restore', async (request, caller) => {
    const { experiment_id } = parseRequest(experimentIdRequest, request);
    await experiments.restore(caller, experiment_id);
    return {};
  });

  jsonRoute(app, 'POST', '/experiments/set-experiment-tag', async (request, caller) => {
    const body = parseRequest(setExperimentTagRequest, request);
    await experiments.setTag(caller, body.experiment_id, {
      key: body.key,
      value: body.value ?? '',
    });
    return {};
  });

  jsonRoute(app, 'POST', '/experiments/delete-experiment-tag', async (request, caller) => {
    const body = parseRequest(deleteExperimentTagRequest, request);
    await experiments.deleteTag(caller, body.experiment_id, body.key);
    return {};
  });
}
