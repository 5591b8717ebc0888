import type { FastifyInstance, FastifyRequest } from 'fastify';
import { invalidArgument } from '@slipway/core';
import { isPlainObject } from '../../serving/protocol/parameters.js';
import { parseRestBody } from '../../serving/protocol/rest-body.js';
import type { OipRouteContext } from './oip-route-context.js';
import { readRawBody } from './read-raw-body.js';
import { callerOf } from '../request-caller.js';

/** Repository requests are tiny; a small cap keeps them from tying up memory. */
const REPOSITORY_BODY_LIMIT = 64 * 1024;

/** An optional JSON object body: empty means `{}`. */
async function optionalJsonObject(request: FastifyRequest): Promise<Record<string, unknown>> {
  const raw = await readRawBody(request, REPOSITORY_BODY_LIMIT);
  if (raw.toString('utf8').trim() === '') return {};
  const { json } = parseRestBody(raw, undefined);
  if (!isPlainObject(json)) throw invalidArgument('The request body must be a JSON object.');
  return json;
}

/** The model repository extension: index, load and unload. */
export function repositoryRoutes(v2: FastifyInstance, context: OipRouteContext): void {
  v2.post('/repository/index', async (request) => {
    const { ready } = await optionalJsonObject(request);
    if (ready !== undefined && typeof ready !== 'boolean') {
      throw invalidArgument('"ready" must be true or false.');
    }
    const entries = await context.resolver.list(callerOf(request));
    return entries
      .filter((entry) => ready !== true || entry.state === 'READY')
      .map((entry) => ({
        name: entry.name,
        ...(entry.version === undefined ? {} : { version: entry.version }),
        state: entry.state,
        reason: entry.reason ?? '',
      }));
  });
  v2.post<{ Params: { name: string } }>('/repository/models/:name/load', async (request) => {
    await optionalJsonObject(request);
    await context.resolver.load(callerOf(request), request.params.name);
    return { name: request.params.name, load: true };
  });
  v2.post<{ Params: { name: string } }>('/repository/models/:name/unload', async (request) => {
    await optionalJsonObject(request);
    await context.resolver.unload(callerOf(request), request.params.name);
    return { name: request.params.name, unload: true };
  });
}
