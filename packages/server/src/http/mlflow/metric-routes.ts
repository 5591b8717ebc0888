import type { FastifyInstance } from 'fastify';
import { METRIC_INTERVAL_LIMITS } from '@slipway/core';
import type { TrackingServices } from '../http-services.js';
import { parseRequest, requireRunId } from './mlflow-request.js';
import { jsonRoute } from './mlflow-route.js';
import { fileInfoToJson, metricToJson, nonEmpty } from './tracking-mappers.js';
import {
  getMetricHistoryBulkIntervalRequest,
  getMetricHistoryRequest,
  listArtifactsRequest,
} from './tracking-requests.js';

/** /mlflow/metrics/* and /mlflow/artifacts/list. */
export function registerMetricAndArtifactListRoutes(
  app: FastifyInstance,
  { runs, artifacts }: Pick<TrackingServices, 'runs' | 'artifacts'>,
): void {
  jsonRoute(app, 'GET', '/metrics/get-history', async (request, caller) => {
    const body = parseRequest(getMetricHistoryRequest, request);
    const page = await runs.getMetricHistory(caller, requireRunId(body), body.metric_key, {
      maxResults: body.max_results,
      pageToken: body.page_token || undefined,
    });
    return {
      metrics: nonEmpty(page.metrics.map(metricToJson)),
      next_page_token: page.nextPageToken || undefined,
    };
  });

  jsonRoute(app, 'GET', '/metrics/get-history-bulk-interval', async (request, caller) => {
    const body = parseRequest(getMetricHistoryBulkIntervalRequest, request);
    const histories = await runs.getMetricHistoryBulkInterval(caller, {
      runIds: body.run_ids,
      key: body.metric_key,
      maxResults: body.max_results ?? METRIC_INTERVAL_LIMITS.maxResultsPerRun,
      startStep: body.start_step,
      endStep: body.end_step,
    });
    return {
      metrics: nonEmpty(
        histories.flatMap(({ runId, metrics }) =>
          metrics.map((m) => ({ ...metricToJson(m), run_id: runId })),
        ),
      ),
    };
  });

  jsonRoute(app, 'GET', '/artifacts/list', async (request, caller) => {
    const body = parseRequest(listArtifactsRequest, request);
    const listing = await artifacts.listRunArtifacts(caller, requireRunId(body), body.path);
    return {
      root_uri: listing.rootUri,
      files: nonEmpty(listing.files.map((f) => fileInfoToJson(f, f.path))),
    };
  });
}
