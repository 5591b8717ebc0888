import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { Platform } from '../../platform.js';
import { requestActor } from '../request-actor.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export function runRoutes(app: FastifyInstance, o: BindOptions, platform: Platform): void {
  const runs = platform.runs;
  bindRoute(app, o, r.createRun, async ({ body, request }) => ({
    run: await runs.create({ ...body, userId: body.userId ?? requestActor(request) }),
  }));
  bindRoute(app, o, r.searchRuns, async ({ body }) => runs.search(body));
  bindRoute(app, o, r.getRun, async ({ params }) => ({ run: await runs.get(params.runId) }));
  bindRoute(app, o, r.updateRun, async ({ params, body }) => ({
    runInfo: await runs.update(params.runId, body),
  }));
  bindRoute(app, o, r.deleteRun, async ({ params }) => {
    await runs.delete(params.runId);
  });
  bindRoute(app, o, r.restoreRun, async ({ params }) => {
    await runs.restore(params.runId);
  });
  bindRoute(app, o, r.setRunTag, async ({ params, body }) => {
    await runs.logBatch(params.runId, { tags: [{ key: params.key, value: body.value }] });
  });
  bindRoute(app, o, r.deleteRunTag, async ({ params }) => {
    await runs.deleteTag(params.runId, params.key);
  });
  bindRoute(app, o, r.logParam, async ({ params, body }) => {
    await runs.logBatch(params.runId, { params: [{ key: params.key, value: body.value }] });
  });
  bindRoute(app, o, r.logBatch, async ({ params, body }) => {
    await runs.logBatch(params.runId, body);
  });
  bindRoute(app, o, r.getMetricHistory, async ({ params, query }) =>
    runs.getMetricHistory(params.runId, params.key, query),
  );
  bindRoute(app, o, r.logInputs, async ({ params, body }) => {
    await runs.logInputs(params.runId, body.datasetInputs);
  });
}
