import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { NATIVE_API_BASE, buildOpenApiDocument } from '@slipway/core';
import type { ApiPluginOptions } from '../plugin-options.js';
import { artifactRoutes } from './artifact-routes.js';
import type { BindOptions } from './bind-route.js';
import { deploymentRoutes } from './deployment-routes.js';
import { experimentRoutes } from './experiment-routes.js';
import { serializeNativeJson } from './json-serializer.js';
import { modelVersionRoutes } from './model-version-routes.js';
import { toErrorReply } from './native-errors.js';
import { registeredModelRoutes } from './registered-model-routes.js';
import { runRoutes } from './run-routes.js';

/** Native API under /api/v1 and its OpenAPI document at /api/openapi.json. */
export const nativePlugin: FastifyPluginAsync<ApiPluginOptions> = async (app, options) => {
  let openApi: string | undefined;
  app.get('/api/openapi.json', async (_request, reply) => {
    openApi ??= JSON.stringify(buildOpenApiDocument());
    return reply.type('application/json').send(openApi);
  });
  await app.register(
    async (api) => {
      installErrorHandling(api);
      const bind: BindOptions = {
        base: NATIVE_API_BASE,
        binaryLimitBytes: options.artifactLimitBytes,
      };
      experimentRoutes(api, bind, options.platform);
      runRoutes(api, bind, options.platform);
      await artifactRoutes(api, bind, options.platform);
      registeredModelRoutes(api, bind, options.platform);
      await modelVersionRoutes(api, bind, options.platform);
      await deploymentRoutes(api, bind, options.platform);
    },
    { prefix: NATIVE_API_BASE },
  );
};

function installErrorHandling(api: FastifyInstance): void {
  const bodyLimit = api.initialConfig.bodyLimit ?? 1024 * 1024;
  api.setReplySerializer(serializeNativeJson);
  api.setErrorHandler((err, request, reply) => {
    const { status, body, unexpected } = toErrorReply(err, bodyLimit);
    if (unexpected) request.log.error({ err }, 'unexpected error in native API request');
    return reply.code(status).type('application/json').send(body);
  });
  api.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .type('application/json')
      .send({
        error: {
          code: 'NOT_FOUND',
          message: `No route ${request.method} ${request.url.split('?')[0] ?? ''} in the Slipway API; see /api/openapi.json.`,
          details: {},
        },
      }),
  );
}
