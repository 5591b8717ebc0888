import Fastify from 'fastify';
import type { FastifyInstance } from 'fastify';
import type { Platform } from '../platform.js';
import { mlflowPlugin } from './mlflow/mlflow-plugin.js';
import { nativePlugin } from './native/native-plugin.js';

export interface HttpOptions {
  bodyLimitBytes: number;
  artifactLimitBytes: number;
  logLevel: string;
}

/**
 * The HTTP surface. Each API family is an encapsulated Fastify plugin with its own error handler and
 * content parsers, because MLflow, the native API and (later) the Open Inference Protocol each have
 * their own error wire shape.
 */
export async function buildHttpApp(
  platform: Platform,
  options: HttpOptions,
): Promise<FastifyInstance> {
  const app = Fastify({
    bodyLimit: options.bodyLimitBytes,
    logger: options.logLevel === 'silent' ? false : { level: options.logLevel },
    // Run ids and artifact paths can be long; MLflow clients send them in query strings.
    maxParamLength: 2048,
    return503OnClosing: true,
    forceCloseConnections: false,
  });
  let ready = false;
  app.addHook('onReady', async () => {
    ready = true;
  });
  app.get('/health', async (_req, reply) => {
    if (!ready) return reply.code(503).send('starting');
    return reply.type('text/plain').send('OK');
  });
  await app.register(mlflowPlugin, { platform, artifactLimitBytes: options.artifactLimitBytes });
  await app.register(nativePlugin, { platform, artifactLimitBytes: options.artifactLimitBytes });
  return app;
}
