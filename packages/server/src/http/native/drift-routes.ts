import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { MonitoringServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export function driftRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { drift }: Pick<MonitoringServices, 'drift'>,
): void {
  bindRoute(app, o, r.computeDrift, async ({ body, caller }) => drift.compute(caller, body));
}
