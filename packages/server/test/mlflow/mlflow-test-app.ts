import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify';
import type { Caller } from '@slipway/core';
import { buildHttpApp } from '../../src/http/build-app.js';
import { openPlatform } from '../../src/platform.js';
import type { Platform } from '../../src/platform.js';

export const ADMIN_PASSWORD = 'admin-password-123';
const ADMIN: Caller = { username: 'admin', isAdmin: true, via: 'system' };

/** The Authorization header of HTTP Basic credentials. */
export function basicAuth(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}

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
  /**
   * Turns authentication on: the admin `admin` (password ADMIN_PASSWORD) and these admin users
   * (password `<name>-password-123`) exist, and `call` sends the admin's credentials.
   */
  users?: string[];
  bodyLimitBytes?: number;
  artifactLimitBytes?: number;
}

/** A real platform (SQLite or the given database, local artifact files) behind the real HTTP app. */
export async function startMlflowTestApp(
  options: MlflowTestAppOptions = {},
): Promise<MlflowTestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'slipway-mlflow-'));
  const authEnabled = options.users !== undefined;
  const platform = await openPlatform({
    authEnabled,
    adminPassword: ADMIN_PASSWORD,
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
  for (const username of options.users ?? []) {
    await platform.users.create(ADMIN, {
      username,
      password: `${username}-password-123`,
      isAdmin: true,
    });
  }
  const auth = authEnabled ? { authorization: basicAuth('admin', ADMIN_PASSWORD) } : {};
  return {
    app,
    platform,
    inject: (injectOptions) => app.inject(injectOptions),
    call(method, path, body) {
      const url = `/api/2.0/mlflow${path}`;
      if (method === 'GET') return app.inject({ method: 'GET', url, headers: auth });
      return app.inject({
        method: method as 'POST',
        url,
        headers: { 'content-type': 'application/json', ...auth },
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
