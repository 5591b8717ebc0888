import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { Platform } from '../../platform.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export function experimentRoutes(app: FastifyInstance, o: BindOptions, platform: Platform): void {
  const experiments = platform.experiments;
  bindRoute(app, o, r.createExperiment, async ({ body }) => ({
    experiment: await experiments.create(body),
  }));
  bindRoute(app, o, r.searchExperiments, async ({ query }) => experiments.search(query));
  bindRoute(app, o, r.getExperimentByName, async ({ query }) => ({
    experiment: await experiments.getByName(query.name),
  }));
  bindRoute(app, o, r.getExperiment, async ({ params }) => ({
    experiment: await experiments.get(params.experimentId),
  }));
  bindRoute(app, o, r.renameExperiment, async ({ params, body }) => ({
    experiment: await experiments.rename(params.experimentId, body.name),
  }));
  bindRoute(app, o, r.deleteExperiment, async ({ params }) => {
    await experiments.delete(params.experimentId);
  });
  bindRoute(app, o, r.restoreExperiment, async ({ params }) => {
    await experiments.restore(params.experimentId);
  });
  bindRoute(app, o, r.setExperimentTag, async ({ params, body }) => {
    await experiments.setTag(params.experimentId, { key: params.key, value: body.value });
  });
  bindRoute(app, o, r.deleteExperimentTag, async ({ params }) => {
    await experiments.deleteTag(params.experimentId, params.key);
  });
}
