import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import { buildHttpApp } from '../../src/http/build-app.js';
import { openPlatform } from '../../src/platform.js';
import type { Platform } from '../../src/platform.js';

export interface MlflowTestApp {
  app: FastifyInstance;
  platform: Platform;
  /** JSON request to an MLflow endpoint; `path` is relative to /api/2.0/mlflow. */
  call(method: string, path: string, body?: unknown): Promise<LightMyRequestResponse>;
  inject(options: InjectOptions): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface MlflowTestAppOptions {
  /** A backend store URI (e.g. from postgresBackend); defaults to a fresh SQLite file. */
  backendStoreUri?: string;
  bodyLimitBytes?: number;
  artifactLimitBytes?: number;
}

/** A real platform (SQLite or the given database, local artifact files) behind the real HTTP app. */
export async function startMlflowTestApp(
  options: MlflowTestAppOptions = {},
): Promise<MlflowTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-mlflow-'));
  const platform = await openPlatform({
    backendStoreUri: options.backendStoreUri ?? `sqlite:${join(dir, 'db')}`,
    artifactsUri: `file:${join(dir, 'artifacts')}`,
    dbPoolSize: 4,
    s3Region: 'us-east-1',
    s3ForcePathStyle: true,
  });
  const app = await buildHttpApp(platform, {
    bodyLimitBytes: options.bodyLimitBytes ?? 1024 * 1024,
    artifactLimitBytes: options.artifactLimitBytes ?? 1024 * 1024,
    logLevel: 'silent',
  });
  await app.ready();
  return {
    app,
    platform,
    inject: (injectOptions) => app.inject(injectOptions),
    call(method, path, body) {
      const url = `/api/2.0/mlflow${path}`;
      if (method === 'GET') return app.inject({ method: 'GET', url });
      return app.inject({
        method: method as 'POST',
        url,
        headers: { 'content-type': 'application/json' },
        payload: body === undefined ? '' : typeof body === 'string' ? body : JSON.stringify(body),
      });
    },
    async close() {
      try {
        await app.close();
        await platform.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
