import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { InferenceTargetResolver } from '../../serving/protocol/inference-target.js';
import { healthRoutes } from './health-routes.js';
import { inferRoutes } from './infer-route.js';
import { modelRoutes } from './model-routes.js';
import { toOipErrorReply } from './oip-errors.js';
import type { OipRouteContext } from './oip-route-context.js';
import { repositoryRoutes } from './repository-routes.js';

export interface OipPluginOptions {
  resolver: InferenceTargetResolver;
  /** The largest inference request body in bytes; default: the app's bodyLimit. */
  bodyLimitBytes?: number | undefined;
}

/**
 * The Open Inference Protocol (KServe v2) over REST under /v2, with the binary tensor data and
 * model repository extensions. Encapsulated: its own body handling (routes read the raw body
 * themselves, because a binary request is JSON followed by tensor bytes) and its own error shape
 * `{ "error": "<message>" }`.
 */
export const oipPlugin: FastifyPluginAsync<OipPluginOptions> = async (app, options) => {
  const context: OipRouteContext = {
    resolver: options.resolver,
    bodyLimitBytes: options.bodyLimitBytes ?? app.initialConfig.bodyLimit ?? 1024 * 1024,
  };
  await app.register(
    async (v2) => {
      installBodyAndErrors(v2);
      healthRoutes(v2, context);
      modelRoutes(v2, context);
      inferRoutes(v2, context);
      repositoryRoutes(v2, context);
    },
    { prefix: '/v2' },
  );
};

function installBodyAndErrors(v2: FastifyInstance): void {
  v2.removeAllContentTypeParsers();
  // Leave the stream unread: each route reads it with its own limit and parses it exactly once.
  v2.addContentTypeParser('*', (_request, _payload, done) => {
    done(null, undefined);
  });
  v2.setErrorHandler((err, request, reply) => {
    const { status, body, unexpected } = toOipErrorReply(err);
    if (unexpected) request.log.error({ err }, 'unexpected error in an inference protocol request');
    return reply.code(status).type('application/json').send(body);
  });
  v2.setNotFoundHandler((request, reply) =>
    reply.code(404).send({
      error: `No route ${request.method} ${request.url.split('?')[0] ?? ''} in the inference protocol.`,
    }),
  );
}
