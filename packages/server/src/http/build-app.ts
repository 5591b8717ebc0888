import Fastify, { LogController } from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { serverConfigSchema } from '@slipway/core';
import type { Logger } from '../logging/logger.js';
import type { InferenceTargetResolver } from '../serving/protocol/inference-target.js';
import type { ProtocolDatatypes } from '../serving/runtime/enforce-signature.js';
import { installAuthentication } from './auth/install-authentication.js';
import { BodyBudget, installBodyLimits } from './body-budget.js';
import type { HttpServices } from './http-services.js';
import { mlflowPlugin } from './mlflow/mlflow-plugin.js';
import { nativePlugin } from './native/native-plugin.js';
import { oipPlugin } from './oip/oip-plugin.js';
import { scoringPlugin } from './scoring/scoring-plugin.js';
import { webUiPlugin } from './web/web-ui-plugin.js';
import { isWebUiRequest } from './web/web-ui-paths.js';

// The settings' own defaults, for callers (tests, embedders) that pass no value.
const DEFAULTS = {
  maxBufferedBodyBytes: serverConfigSchema.shape.maxBufferedBodyBytes.parse(undefined),
  bodyTimeoutMs: serverConfigSchema.shape.bodyTimeoutMs.parse(undefined),
  oipDatatypes: serverConfigSchema.shape.oipDatatypes.parse(undefined),
};

export interface HttpOptions {
  bodyLimitBytes: number;
  artifactLimitBytes: number;
  /** Request-body bytes held in memory at once, over all requests (default: the setting's). */
  maxBufferedBodyBytes?: number | undefined;
  /** How long a buffered body may take, and an upload may stall (default: the setting's). */
  bodyTimeoutMs?: number | undefined;
  /** How /v2 treats an input of another datatype than the model's (default: `strict`). */
  oipDatatypes?: ProtocolDatatypes | undefined;
  /** The body budget to share (tests read it); default: a new one of maxBufferedBodyBytes. */
  bodyBudget?: BodyBudget | undefined;
  /** The process's structured logger (default: one at `logLevel`). */
  logger?: Logger | undefined;
  logLevel: string;
  /** Serve GET /metrics without credentials even when authentication is on. */
  metricsOpen?: boolean | undefined;
  /**
   * Serves the Open Inference Protocol under /v2 with this resolver (the server passes
   * `platform.inference`: deployments and registered models), and MLflow scoring (`/invocations`,
   * `/api/v1/deployments/{name}/invocations`, `/ping`). Absent: neither.
   */
  inference?: InferenceTargetResolver | undefined;
  /**
   * Serves the web UI built in this directory at `/` (the server passes `@slipway/web`'s dist
   * unless `--ui off`); its pages and assets need no credentials, its API calls do. Absent: no UI.
   */
  webUiDir?: string | undefined;
}

/**
 * The HTTP surface. Each API family is an encapsulated Fastify plugin with its own error handler and
 * content parsers, because MLflow, the native API and (later) the Open Inference Protocol each have
 * their own error wire shape.
 */
export async function buildHttpApp(
  services: HttpServices,
  options: HttpOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes,
    ...(options.logger !== undefined
      ? { loggerInstance: options.logger as FastifyBaseLogger }
      : { logger: options.logLevel === 'silent' ? false : { level: options.logLevel } }),
    // Run ids and artifact paths can be long; MLflow clients send them in query strings.
    routerOptions: { maxParamLength: 2048 },
    return503OnClosing: true,
    // Per-request log lines cost more than a metric write on the ingestion path; errors are still logged.
    logController: new LogController({ disableRequestLogging: true }),
    forceCloseConnections: false,
    // No whole-request deadline (Node's requestTimeout): it would cut long uploads on a fast link.
    // Bodies are bounded by installBodyLimits instead (docs/adr/0013).
    requestTimeout: 0,
  });
  installBodyLimits(app, {
    budget:
      options.bodyBudget ??
      new BodyBudget(options.maxBufferedBodyBytes ?? DEFAULTS.maxBufferedBodyBytes),
    timeoutMs: options.bodyTimeoutMs ?? DEFAULTS.bodyTimeoutMs,
  });
  installAuthentication(app, {
    authenticator: services.authenticator,
    metricsOpen: options.metricsOpen ?? false,
    isPublic: options.webUiDir !== undefined ? isWebUiRequest : undefined,
  });
  let ready = false;
  app.addHook('onReady', async () => {
    ready = true;
  });
  app.get('/health', async (_req, reply) => {
    if (!ready) return reply.code(503).send('starting');
    return reply.type('text/plain').send('OK');
  });
  app.get('/metrics', async (_req, reply) =>
    reply.type(services.metrics.contentType).send(await services.metrics.metricsText()),
  );
  await app.register(mlflowPlugin, {
    services,
    artifactLimitBytes: options.artifactLimitBytes,
  });
  await app.register(nativePlugin, { services, artifactLimitBytes: options.artifactLimitBytes });
  if (options.inference !== undefined) {
    await app.register(oipPlugin, {
      resolver: options.inference,
      datatypes: options.oipDatatypes ?? DEFAULTS.oipDatatypes,
    });
    await app.register(scoringPlugin, { resolver: options.inference });
  }
  if (options.webUiDir !== undefined) {
    await app.register(webUiPlugin, { distDir: options.webUiDir });
  }
  return app;
}
