import type { Caller } from '@slipway/core';
import type { FastifyInstance, FastifyRequest, HTTPMethods } from 'fastify';
import { callerOf } from '../request-caller.js';
import { stringifyMlflowJson } from './mlflow-json.js';

/** A handler that answers with one MLflow response message (already in wire shape). */
export type MlflowJsonHandler = (
  request: FastifyRequest,
  caller: Caller,
) => Promise<Record<string, unknown>>;

/** Registers a JSON endpoint whose response is serialised the MLflow way (NaN as "NaN"). */
export function jsonRoute(
  app: FastifyInstance,
  method: HTTPMethods | HTTPMethods[],
  url: string,
  handler: MlflowJsonHandler,
): void {
  app.route({
    method,
    url,
    handler: async (request, reply) => {
      const body = await handler(request, callerOf(request));
      return reply.type('application/json').send(stringifyMlflowJson(body));
    },
  });
}
