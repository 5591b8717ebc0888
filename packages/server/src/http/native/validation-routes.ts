import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { MonitoringServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export function validationRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { validation }: Pick<MonitoringServices, 'validation'>,
): void {
  bindRoute(app, o, r.validateData, async ({ body, caller }) => validation.validate(caller, body));
}
