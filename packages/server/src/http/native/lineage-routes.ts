import type { FastifyInstance } from 'fastify';
import { nativeRoutes as r } from '@slipway/core';
import type { LineageServices } from '../http-services.js';
import { bindRoute } from './bind-route.js';
import type { BindOptions } from './bind-route.js';

/** The lineage graph around a node (read-only). */
export function lineageRoutes(
  app: FastifyInstance,
  o: BindOptions,
  { lineage }: LineageServices,
): void {
  bindRoute(app, o, r.getLineage, async ({ query, caller }) => lineage.graph(caller, query));
}
