import type { FastifyInstance } from 'fastify';
import { METRIC_INTERVAL_LIMITS, nativeRoutes as r } from '@slipway/core';
import type { TrackingServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export function runRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { runs }: Pick<TrackingServices, 'runs'>,
): void {
  bindRoute(app, o, r.createRun, async ({ body, caller }) => ({
    run: await runs.create(caller, body),
  }));
  bindRoute(app, o, r.searchRuns, async ({ body, caller }) => runs.search(caller, body));
  bindRoute(app, o, r.getRun, async ({ params, caller }) => ({
    run: await runs.get(caller, params.runId),
  }));
  bindRoute(app, o, r.updateRun, async ({ params, body, caller }) => ({
    runInfo: await runs.update(caller, params.runId, body),
  }));
  bindRoute(app, o, r.deleteRun, async ({ params, caller }) => {
    await runs.delete(caller, params.runId);
  });
  bindRoute(app, o, r.restoreRun, async ({ params, caller }) => {
    await runs.restore(caller, params.runId);
  });
  bindRoute(app, o, r.setRunTag, async ({ params, body, caller }) => {
    await runs.logBatch(caller, params.runId, { tags: [{ key: params.key, value: body.value }] });
  });
  bindRoute(app, o, r.deleteRunTag, async ({ params, caller }) => {
    await runs.deleteTag(caller, params.runId, params.key);
  });
  bindRoute(app, o, r.logParam, async ({ params, body, caller }) => {
    await runs.logBatch(caller, params.runId, {
      params: [{ key: params.key, value: body.value }],
    });
  });
  bindRoute(app, o, r.logBatch, async ({ params, body, caller }) => {
    await runs.logBatch(caller, params.runId, body);
  });
  bindRoute(app, o, r.getMetricHistory, async ({ params, query, caller }) =>
    runs.getMetricHistory(caller, params.runId, params.key, query),
  );
  bindRoute(app, o, r.logInputs, async ({ params, body, caller }) => {
    await runs.logInputs(caller, params.runId, body.datasetInputs);
  });
  bindRoute(app, o, r.getMetricHistoryInterval, async ({ params, query, caller }) => ({
    runs: await runs.getMetricHistoryBulkInterval(caller, {
      runIds: query.runIds,
      key: params.key,
      maxResults: query.maxResults ?? METRIC_INTERVAL_LIMITS.maxResultsPerRun,
      startStep: query.startStep,
      endStep: query.endStep,
    }),
  }));
  bindRoute(app, o, r.getExperimentKeys, async ({ params, query, caller }) =>
    runs.experimentKeys(caller, params.experimentId, query.viewType),
  );
}
