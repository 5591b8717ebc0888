import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { TrackingServices } from '../http-services.js';
import { fields } from './mlflow-fields.js';
import { parseRequest } from './mlflow-request.js';
import { jsonRoute } from './mlflow-route.js';
import { nonEmpty } from './tracking-mappers.js';

const searchDatasetsRequest = z.object({
  experiment_ids: fields.list(
    z.union([z.string(), z.number().int()], { error: 'expected a string' }).transform(String),
  ),
});

/**
 * POST /experiments/search-datasets: the datasets of experiments that MLflow's web UI lists in
 * its run filters. MLflow serves it under /ajax-api/2.0/mlflow only, and so does this.
 */
export function registerDatasetRoutes(
  app: FastifyInstance,
  { runs }: Pick<TrackingServices, 'runs'>,
): void {
  jsonRoute(app, 'POST', '/experiments/search-datasets', async (request, caller) => {
    const body = parseRequest(searchDatasetsRequest, request);
    const summaries = await runs.searchDatasets(caller, body.experiment_ids ?? []);
    return {
      dataset_summaries: nonEmpty(
        summaries.map((s) => ({
          experiment_id: s.experimentId,
          name: s.name,
          digest: s.digest,
          ...(s.context === undefined ? {} : { context: s.context }),
        })),
      ),
    };
  });
}
