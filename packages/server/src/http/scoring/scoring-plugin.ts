import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { invalidArgument, isSlipwayError } from '@slipway/core';
import type { InferenceTargetResolver } from '../../serving/protocol/inference-target.js';
import { notReady } from '../../serving/protocol/run-inference.js';
import { jsonText } from '../../serving/scoring/json-text.js';
import { score } from '../../serving/scoring/score.js';
import { isClientGone } from '../body-budget.js';
import { callerOf } from '../request-caller.js';
import { parseScoringBody } from './scoring-body.js';
import { toScoringErrorReply } from './scoring-errors.js';

export interface ScoringPluginOptions {
  resolver: InferenceTargetResolver;
  /**
   * The deployment `POST /invocations` serves when the request names none (a single-deployment
   * server, as `mlflow models serve` is). Without it, and without a name in the request, the
   * server's only deployment (resolver.list() has exactly one name) is used.
   */
  defaultTarget?: string | undefined;
  /** The largest request body in bytes; default: the app's bodyLimit. */
  bodyLimitBytes?: number | undefined;
}

export const DEPLOYMENT_HEADER = 'x-slipway-deployment';
export const MODEL_VERSION_HEADER = 'x-slipway-model-version';
export const REQUEST_ID_HEADER = 'x-slipway-request-id';

/**
 * MLflow-compatible scoring: `POST /invocations` (deployment from the `x-slipway-deployment`
 * header, `?deployment=`, the `defaultTarget` option, or the only deployment) and
 * `POST /api/v1/deployments/{name}/invocations`. Bodies are MLflow's JSON input fields or CSV;
 * answers are `{"predictions": [...], "model_version": "..."}` and errors
 * `{"error_code": "BAD_REQUEST", "message": "..."}`. `GET /ping` is MLflow's health check.
 */
export const scoringPlugin: FastifyPluginAsync<ScoringPluginOptions> = async (app, options) => {
  const bodyLimit = options.bodyLimitBytes ?? app.initialConfig.bodyLimit ?? 1024 * 1024;
  await app.register(async (scope) => {
    installBodyAndErrors(scope, bodyLimit);
    scope.post<{ Querystring: { deployment?: string } }>('/invocations', async (request, reply) =>
      invoke(request, reply, await invocationTarget(request, options)),
    );
    scope.post<{ Params: { name: string } }>(
      '/api/v1/deployments/:name/invocations',
      async (request, reply) => invoke(request, reply, request.params.name),
    );
    scope.get('/ping', async (_request, reply) =>
      reply
        .code(options.resolver.serverReady() ? 200 : 503)
        .type('text/plain')
        .send('\n'),
    );
  });

  async function invoke(
    request: FastifyRequest,
    reply: FastifyReply,
    name: string,
  ): Promise<unknown> {
    const target = await options.resolver.resolve(callerOf(request), name);
    if (!target.ready) throw notReady(target);
    const input = parseScoringBody(
      Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0),
      request.headers['content-type'],
    );
    const id = requestId(request);
    const result = await score(target, { input, id, headers: flatHeaders(request) });
    reply.header(REQUEST_ID_HEADER, id);
    if (result.modelVersion !== '') reply.header(MODEL_VERSION_HEADER, result.modelVersion);
    const body = jsonText({
      predictions: result.predictions,
      model_version: result.modelVersion === '' ? undefined : result.modelVersion,
    });
    return reply.type('application/json').send(body);
  }

  async function invocationTarget(
    request: FastifyRequest<{ Querystring: { deployment?: string } }>,
    opts: ScoringPluginOptions,
  ): Promise<string> {
    const header = request.headers[DEPLOYMENT_HEADER];
    const named = (Array.isArray(header) ? header[0] : header) || request.query.deployment;
    if (named) return named;
    if (opts.defaultTarget) return opts.defaultTarget;
    const names = [
      ...new Set((await opts.resolver.list(callerOf(request))).map((entry) => entry.name)),
    ];
    if (names.length === 1) return names[0] as string;
    throw invalidArgument(
      `${names.length === 0 ? 'No deployment is served here' : `Several deployments are served here (${names.join(', ')})`}; name one with the ${DEPLOYMENT_HEADER} header or ?deployment=<name>, or POST /api/v1/deployments/<name>/invocations.`,
    );
  }
};

function requestId(request: FastifyRequest): string {
  const given = request.headers[REQUEST_ID_HEADER] ?? request.headers['x-request-id'];
  const id = Array.isArray(given) ? given[0] : given;
  return id === undefined || id === '' ? randomUUID() : id;
}

function flatHeaders(request: FastifyRequest): Record<string, string | undefined> {
  const flat: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

function installBodyAndErrors(scope: FastifyInstance, bodyLimit: number): void {
  scope.removeAllContentTypeParsers();
  // Every body arrives as bytes; the route parses it by content type, so a bad body gets
  // MLflow's error shape rather than Fastify's.
  scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit }, (_request, body, done) => {
    done(null, body);
  });
  scope.setErrorHandler((err, request, reply) => {
    const { status, body, unexpected } = toScoringErrorReply(err);
    if (unexpected) {
      if (isClientGone(err, request)) request.log.info({ err }, 'a scoring client went away');
      else request.log.error({ err }, 'unexpected error while scoring a request');
    }
    const code = isSlipwayError(err) && err.details?.status === 415 ? 415 : status;
    return reply.code(code).type('application/json').send(body);
  });
}
