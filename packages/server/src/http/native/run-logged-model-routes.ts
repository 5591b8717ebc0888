import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { TrackingServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

/** The MLflow 3 logged models a run produced (the run page's "Logged models"). */
export function runLoggedModelRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { loggedModels }: Pick<TrackingServices, 'loggedModels'>,
): void {
  bindRoute(app, o, r.listRunLoggedModels, async ({ params, caller }) =>
    loggedModels.listForRun(caller, params.runId),
  );
}
