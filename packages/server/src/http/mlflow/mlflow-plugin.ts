import type { FastifyPluginAsync } from 'fastify';
import type { ApiPluginOptions } from '../plugin-options.js';

/** MLflow-compatible REST API: /api/2.0/mlflow, /ajax-api/2.0/mlflow, /api/2.0/mlflow-artifacts. */
export const mlflowPlugin: FastifyPluginAsync<ApiPluginOptions> = async (_app, _options) => {};
