import type { FastifyPluginAsync } from 'fastify';
import type { MlflowPluginOptions } from '../plugin-options.js';
import { registerArtifactProxyRoutes, registerMultipartStubs } from './artifact-routes.js';
import { registerAuthRoutes } from './auth-routes.js';
import { useMlflowJsonParser, useRawStreamParser } from './body-parsers.js';
import { registerExperimentRoutes } from './experiment-routes.js';
import { registerLoggedModelRoutes } from './logged-model-routes.js';
import { registerMetricAndArtifactListRoutes } from './metric-routes.js';
import { mlflowErrorHandler, mlflowNotFoundHandler } from './mlflow-errors.js';
import { registerModelVersionRoutes } from './model-version-routes.js';
import { registerRegisteredModelRoutes } from './registered-model-routes.js';
import { registerRunRoutes } from './run-routes.js';
import { registerUiArtifactRoutes } from './ui-artifact-routes.js';

/** MLflow clients use /api/2.0; MLflow's web UI uses /ajax-api/2.0 for the same endpoints. */
export const MLFLOW_API_PREFIXES = ['/api/2.0', '/ajax-api/2.0'] as const;

/** MLflow-compatible REST API: /api/2.0/mlflow, /ajax-api/2.0/mlflow, /api/2.0/mlflow-artifacts. */
export const mlflowPlugin: FastifyPluginAsync<MlflowPluginOptions> = async (app, options) => {
  const { services, artifactLimitBytes } = options;
  app.setErrorHandler(mlflowErrorHandler);

  for (const prefix of MLFLOW_API_PREFIXES) {
    await app.register(
      async (scope) => {
        useMlflowJsonParser(scope);
        scope.setNotFoundHandler(mlflowNotFoundHandler);
        registerExperimentRoutes(scope, services);
        registerRunRoutes(scope, services);
        registerMetricAndArtifactListRoutes(scope, services);
        registerRegisteredModelRoutes(scope, services);
        registerModelVersionRoutes(scope, services);
        registerLoggedModelRoutes(scope, services);
        registerAuthRoutes(scope, services);
      },
      { prefix: `${prefix}/mlflow` },
    );
    await app.register(
      async (scope) => {
        useRawStreamParser(scope);
        scope.setNotFoundHandler(mlflowNotFoundHandler);
        registerArtifactProxyRoutes(scope, services, artifactLimitBytes);
        registerMultipartStubs(scope);
      },
      { prefix: `${prefix}/mlflow-artifacts` },
    );
  }

  await app.register(async (scope) => {
    useMlflowJsonParser(scope);
    registerUiArtifactRoutes(scope, services);
  });
};
