import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { NATIVE_API_BASE, buildOpenApiDocument } from '@slipway/core';
import { isClientGone } from '../body-budget.js';
import type { HttpServices } from '../http-services.js';
import { accessRoutes } from './access-routes.js';
import { artifactRoutes } from './artifact-routes.js';
import { auditRoutes } from './audit-routes.js';
import type { BindOptions } from './bind-route.js';
import { datasetRoutes } from './dataset-routes.js';
import { deploymentAnalysisRoutes } from './deployment-analysis-routes.js';
import { deploymentRoutes } from './deployment-routes.js';
import { deploymentStatsRoutes } from './deployment-stats-routes.js';
import { driftRoutes } from './drift-routes.js';
import { experimentRoutes } from './experiment-routes.js';
import { serializeNativeJson } from './json-serializer.js';
import { lineageRoutes } from './lineage-routes.js';
import { modelVersionRoutes } from './model-version-routes.js';
import { monitorAlertRoutes } from './monitor-alert-routes.js';
import { monitorRoutes } from './monitor-routes.js';
import { toErrorReply } from './native-errors.js';
import { permissionRoutes } from './permission-routes.js';
import { pipelineRoutes } from './pipeline-routes.js';
import { registeredModelRoutes } from './registered-model-routes.js';
import { runLoggedModelRoutes } from './run-logged-model-routes.js';
import { runRoutes } from './run-routes.js';
import { validationRoutes } from './validation-routes.js';
import { webhookRoutes } from './webhook-routes.js';

export interface NativePluginOptions {
  services: HttpServices;
  artifactLimitBytes: number;
}

/** Native API under /api/v1 and its OpenAPI document at /api/openapi.json. */
export const nativePlugin: FastifyPluginAsync<NativePluginOptions> = async (app, options) => {
  const { services } = options;
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
      experimentRoutes(api, bind, services);
      runRoutes(api, bind, services);
      runLoggedModelRoutes(api, bind, services);
      await artifactRoutes(api, bind, services);
      registeredModelRoutes(api, bind, services);
      await modelVersionRoutes(api, bind, services);
      await deploymentRoutes(api, bind, services);
      deploymentStatsRoutes(api, bind, services);
      deploymentAnalysisRoutes(api, bind, services);
      accessRoutes(api, bind, services);
      permissionRoutes(api, bind, services);
      auditRoutes(api, bind, services);
      validationRoutes(api, bind, services);
      driftRoutes(api, bind, services);
      webhookRoutes(api, bind, services);
      await monitorRoutes(api, bind, services);
      monitorAlertRoutes(api, bind, services);
      await datasetRoutes(api, bind, services);
      await pipelineRoutes(api, bind, services);
      lineageRoutes(api, bind, services);
    },
    { prefix: NATIVE_API_BASE },
  );
};

function installErrorHandling(api: FastifyInstance): void {
  const bodyLimit = api.initialConfig.bodyLimit ?? 1024 * 1024;
  api.setReplySerializer(serializeNativeJson);
  api.setErrorHandler((err, request, reply) => {
    const { status, body, unexpected } = toErrorReply(err, bodyLimit);
    if (unexpected) {
      if (isClientGone(err, request)) request.log.info({ err }, 'a native API client went away');
      else request.log.error({ err }, 'unexpected error in native API request');
    }
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
