import type { FastifyInstance } from 'fastify';
import { modelMetadataResponse } from '../../serving/protocol/model-metadata.js';
import { notReady } from '../../serving/protocol/run-inference.js';
import { modelPaths } from './oip-route-context.js';
import type { ModelParams, OipRouteContext } from './oip-route-context.js';
import { callerOf } from '../request-caller.js';

/** Model metadata and model readiness (200 ready, 503 not ready, 404 unknown). */
export function modelRoutes(v2: FastifyInstance, context: OipRouteContext): void {
  for (const path of modelPaths('')) {
    v2.get<{ Params: ModelParams }>(path, async (request) => {
      const { name, version } = request.params;
      return modelMetadataResponse(
        await context.resolver.resolve(callerOf(request), name, version),
      );
    });
  }
  for (const path of modelPaths('/ready')) {
    v2.get<{ Params: ModelParams }>(path, async (request, reply) => {
      const { name, version } = request.params;
      const target = await context.resolver.resolve(callerOf(request), name, version);
      if (!target.ready) throw notReady(target);
      return reply.code(200).send();
    });
  }
}
