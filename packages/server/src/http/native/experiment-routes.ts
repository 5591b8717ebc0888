import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { TrackingServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export function experimentRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { experiments }: Pick<TrackingServices, 'experiments'>,
): void {
  bindRoute(app, o, r.createExperiment, async ({ body, caller }) => ({
    experiment: await experiments.create(caller, body),
  }));
  bindRoute(app, o, r.searchExperiments, async ({ query, caller }) =>
    experiments.search(caller, query),
  );
  bindRoute(app, o, r.getExperimentByName, async ({ query, caller }) => ({
    experiment: await experiments.getByName(caller, query.name),
  }));
  bindRoute(app, o, r.getExperiment, async ({ params, caller }) => ({
    experiment: await experiments.get(caller, params.experimentId),
  }));
  bindRoute(app, o, r.renameExperiment, async ({ params, body, caller }) => ({
    experiment: await experiments.rename(caller, params.experimentId, body.name),
  }));
  bindRoute(app, o, r.deleteExperiment, async ({ params, caller }) => {
    await experiments.delete(caller, params.experimentId);
  });
  bindRoute(app, o, r.restoreExperiment, async ({ params, caller }) => {
    await experiments.restore(caller, params.experimentId);
  });
  bindRoute(app, o, r.setExperimentTag, async ({ params, body, caller }) => {
    await experiments.setTag(caller, params.experimentId, { key: params.key, value: body.value });
  });
  bindRoute(app, o, r.deleteExperimentTag, async ({ params, caller }) => {
    await experiments.deleteTag(caller, params.experimentId, params.key);
  });
}
