import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { AccessServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

export function auditRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { audit }: Pick<AccessServices, 'audit'>,
): void {
  bindRoute(app, o, r.searchAuditEvents, async ({ query, caller }) => audit.search(caller, query));
}
