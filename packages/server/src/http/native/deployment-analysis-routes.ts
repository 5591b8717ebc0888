import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { ServingServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export function deploymentAnalysisRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { abAnalysis }: Pick<ServingServices, 'abAnalysis'>,
): void {
  bindRoute(app, o, r.getDeploymentAnalysis, async ({ params, query, caller }) =>
    abAnalysis.analyze(caller, params.name, query),
  );
}
