import type { FastifyInstance } from 'fastify';
import { webDistDir } from '@slipway/web/dist-dir';
import type { ServerConfig } from './config/config.js';
import { resolveAuth } from './config/resolve-auth.js';
import { createLogger } from './logging/logger.js';
import { startGrpcServer } from './grpc/start-grpc-server.js';
import type { GrpcServerHandle } from './grpc/start-grpc-server.js';
import { buildHttpApp } from './http/build-app.js';
import { protocolResolver } from './http/oip/oip-plugin.js';
import { openPlatform } from './platform.js';
import type { Platform } from './platform.js';

export interface RunningServer {
  /** e.g. http://127.0.0.1:5050 (the real port when 0 was asked for). */
  url: string;
  app: FastifyInstance;
  platform: Platform;
  /** The Open Inference Protocol gRPC port, when --grpc-port was given (the real one for 0). */
  grpcPort?: number | undefined;
  /** Stops accepting, drains in-flight requests (up to the grace period), closes the stores. */
  close(): Promise<void>;
}

export async function startServer(config: ServerConfig): Promise<RunningServer> {
  const logger = createLogger(config.logLevel);
  const platform = await openPlatform({ ...config, logger, authEnabled: resolveAuth(config) });
  let app: FastifyInstance;
  let grpc: GrpcServerHandle | undefined;
  try {
    app = await buildHttpApp(platform, {
      ...config,
      logger,
      metricsOpen: !config.metricsAuth,
      inference: platform.inference,
      webUiDir: config.ui ? webDistDir : undefined,
    });
    await app.listen({ host: config.host, port: config.port });
    if (config.grpcPort !== undefined) {
      const log = app.log;
      const { authenticator } = platform;
      grpc = await startGrpcServer({
        port: config.grpcPort,
        host: config.host,
        // The same protocol rule on inputs as /v2 over REST (datatypes, unknown inputs).
        resolver: protocolResolver(platform.inference, config.oipDatatypes),
        authenticate: (authorization, peer) => authenticator.authenticate(authorization, peer),
        closeGraceMs: config.shutdownGraceMs,
        onUnexpectedError: (err) => log.error({ err }, 'unexpected error in a gRPC inference call'),
      }).catch(async (err: unknown) => {
        await app.close();
        throw err;
      });
    }
  } catch (err) {
    await platform.close();
    throw err;
  }
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host}:${port}`,
    app,
    platform,
    grpcPort: grpc?.port,
    close() {
      closing ??= (async () => {
        // Fastify's close stops the listener and waits for in-flight requests; the timer bounds it so
        // a stuck client cannot hold the process forever.
        const grace = new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            app.server.closeAllConnections();
            resolve();
          }, config.shutdownGraceMs);
          t.unref();
        });
        await Promise.all([Promise.race([app.close(), grace]), grpc?.close()]);
        await platform.close();
      })();
      return closing;
    },
  };
}

/**
 * Runs until SIGTERM or SIGINT, then shuts down cleanly. Resolves once everything is closed.
 * `onListening` lets the CLI print where it listens.
 */
export async function serveUntilSignal(
  config: ServerConfig,
  onListening: (server: RunningServer) => void,
): Promise<void> {
  const server = await startServer(config);
  onListening(server);
  await new Promise<void>((resolve) => {
    const stop = (signal: NodeJS.Signals) => {
      server.app.log.info({ signal }, 'shutting down');
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      server.close().then(resolve, (err: unknown) => {
        server.app.log.error(err, 'error during shutdown');
        resolve();
      });
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}
