import type { FastifyPluginAsync } from 'fastify';
import type { MlflowPluginOptions } from '../plugin-options.js';
import { registerArtifactProxyRoutes } from './artifact-routes.js';
import { registerAuthRoutes } from './auth-routes.js';
import { useMlflowJsonParser, useRawStreamParser } from './body-parsers.js';
import { registerDatasetRoutes } from './dataset-routes.js';
import { registerExperimentRoutes } from './experiment-routes.js';
import { registerLoggedModelRoutes } from './logged-model-routes.js';
import { registerMetricAndArtifactListRoutes } from './metric-routes.js';
import { mlflowErrorHandler, mlflowNotFoundHandler } from './mlflow-errors.js';
import { registerModelVersionRoutes } from './model-version-routes.js';
import { registerRegisteredModelRoutes } from './registered-model-routes.js';
import { registerRunRoutes } from './run-routes.js';
import { registerUiArtifactRoutes } from './ui-artifact-routes.js';
import { registerVersionRoute } from './version-route.js';
import { registerWebhookRoutes } from './webhook-routes.js';

/** MLflow clients use /api/2.0; MLflow's web UI uses /ajax-api/2.0 for the same endpoints. */
export const MLFLOW_API_PREFIXES = ['/api/2.0', '/ajax-api/2.0'] as const;

/** The prefix under which MLflow's web UI calls the endpoints it alone uses (search-datasets). */
const UI_API_PREFIX = '/ajax-api/2.0';

/** MLflow-compatible REST API: /api/2.0/mlflow, /ajax-api/2.0/mlflow, /api/2.0/mlflow-artifacts. */
export const mlflowPlugin: FastifyPluginAsync<MlflowPluginOptions> = async (app, options) => {
  const { services, artifactLimitBytes } = options;
  app.setErrorHandler(mlflowErrorHandler);

  for (const prefix of MLFLOW_API_PREFIXES) {
    await app.register(
      async (api) => {
        // Any other path under the prefix (/api/2.0/foo, /api/2.0/mlflow/foo) answers MLflow's
        // ENDPOINT_NOT_FOUND whatever its body: the body is read (within the limit) and ignored.
        api.removeAllContentTypeParsers();
        api.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, _body, done) => {
          done(null, undefined);
        });
        api.setNotFoundHandler(mlflowNotFoundHandler);
        await api.register(
          async (scope) => {
            useMlflowJsonParser(scope);
            registerExperimentRoutes(scope, services);
            registerRunRoutes(scope, services);
            registerMetricAndArtifactListRoutes(scope, services);
            registerRegisteredModelRoutes(scope, services);
            registerModelVersionRoutes(scope, services);
            registerLoggedModelRoutes(scope, services);
            registerAuthRoutes(scope, services);
            registerWebhookRoutes(scope, services);
            if (prefix === UI_API_PREFIX) registerDatasetRoutes(scope, services);
          },
          { prefix: '/mlflow' },
        );
        await api.register(
          async (scope) => {
            useRawStreamParser(scope);
            // Its own, so a large upload to a wrong path is not read just to be refused.
            scope.setNotFoundHandler(mlflowNotFoundHandler);
            registerArtifactProxyRoutes(scope, services, artifactLimitBytes);
          },
          { prefix: '/mlflow-artifacts' },
        );
      },
      { prefix },
    );
  }

  await app.register(async (scope) => {
    useMlflowJsonParser(scope);
    registerUiArtifactRoutes(scope, services);
    registerVersionRoute(scope);
  });
};
