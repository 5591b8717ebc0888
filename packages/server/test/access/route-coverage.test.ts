import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance, HTTPMethods, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildHttpApp, openPlatform } from '../../src/index.js';
import type { Platform } from '../../src/index.js';

/*
 * The guard that a route added later cannot be left open (ADR 0011): every route the HTTP app
 * registers, whatever plugin adds it, is collected by an onRoute hook installed when Fastify
 * creates the instance (its documented 'fastify.initialization' diagnostics channel, so before
 * buildHttpApp registers anything), then called without credentials. Only the documented open
 * paths may answer anything but 401.
 */

const OPEN = ['/health', '/ping', '/v2/health/live', '/v2/health/ready', '/api/openapi.json'];
/** Routes answered without credentials: GET and the HEAD Fastify adds for each GET. */
const openRoutes = (paths: string[]) => paths.flatMap((p) => [`GET ${p}`, `HEAD ${p}`]).sort();

interface Route {
  method: string;
  url: string;
}

interface Built {
  app: FastifyInstance;
  routes: Route[];
}

let dataDir: string;
let platform: Platform;
const built: Built[] = [];

/** Builds the server's HTTP app, collecting every route it registers. */
async function buildCollecting(metricsOpen: boolean): Promise<Built> {
  const routes: Route[] = [];
  let instance: FastifyInstance | undefined;
  const onInit = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    // Only the first instance: the app itself (plugins are not new Fastify instances).
    if (instance !== undefined) return;
    instance = fastify;
    fastify.addHook('onRoute', (options: RouteOptions) => {
      const methods = ([] as HTTPMethods[]).concat(options.method);
      for (const method of methods) routes.push({ method, url: options.url });
    });
  };
  subscribe('fastify.initialization', onInit);
  let app: FastifyInstance;
  try {
    app = await buildHttpApp(platform, {
      bodyLimitBytes: 1024 * 1024,
      artifactLimitBytes: 1024 * 1024,
      logLevel: 'silent',
      metricsOpen,
      inference: platform.inference,
    });
  } finally {
    unsubscribe('fastify.initialization', onInit);
  }
  expect(instance).toBe(app);
  await app.ready();
  const result = { app, routes: dedupe(routes) };
  built.push(result);
  return result;
}

function dedupe(routes: Route[]): Route[] {
  const seen = new Map<string, Route>();
  for (const route of routes) seen.set(`${route.method} ${route.url}`, route);
  return [...seen.values()];
}

/** A concrete URL for a route pattern: parameters 'x' (versions '1'), wildcards 'a/b'. */
function concrete(url: string): string {
  return url
    .replace(/:([A-Za-z_]\w*)(\([^)]*\))?/gu, (_m, name: string) =>
      name === 'version' ? '1' : 'x',
    )
    .replace(/\*/gu, 'a/b');
}

/** Calls every route without credentials; the `METHOD url` of those that did not answer 401. */
async function unrefused({ app, routes }: Built, authorization?: string): Promise<string[]> {
  const answered: string[] = [];
  for (const route of routes) {
    const url = concrete(route.url);
    const hasBody = !['GET', 'HEAD', 'DELETE', 'OPTIONS'].includes(route.method);
    const reply = await app.inject({
      method: route.method as HTTPMethods,
      url,
      headers: {
        ...(hasBody ? { 'content-type': 'application/json' } : {}),
        ...(authorization === undefined ? {} : { authorization }),
      },
      ...(hasBody ? { payload: '{}' } : {}),
    });
    if (reply.statusCode !== 401) {
      answered.push(`${route.method} ${route.url}`);
      continue;
    }
    expect(reply.headers['www-authenticate'], `${route.method} ${url}`).toMatch(/^Basic/u);
  }
  return answered.sort();
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'slipway-route-coverage-'));
  platform = await openPlatform({
    authEnabled: true,
    adminPassword: 'admin-password-123',
    backendStoreUri: `sqlite:${join(dataDir, 'slipway.db')}`,
    artifactsUri: `file:${join(dataDir, 'artifacts')}`,
    dbPoolSize: 2,
    s3Region: 'us-east-1',
    s3ForcePathStyle: true,
    modelCacheDir: join(dataDir, 'model-cache'),
    workerPoolSize: 1,
    deploymentSyncIntervalMs: 0,
    logLevel: 'error',
  });
});

afterAll(async () => {
  for (const { app } of built) await app.close();
  await platform?.close();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe('every registered route needs credentials', () => {
  it('collects the routes of every API family', async () => {
    const { app, routes } = await buildCollecting(false);
    const names = routes.map((r) => `${r.method} ${r.url}`);
    // A sample of each plugin, so an empty or partial collection cannot pass the next tests.
    expect(names).toEqual(
      expect.arrayContaining([
        'GET /health',
        'GET /metrics',
        'GET /api/v1/audit',
        'DELETE /api/v1/tokens/:tokenId',
        'PUT /api/v1/runs/:runId/artifacts/*',
        'POST /api/2.0/mlflow/runs/create',
        'POST /ajax-api/2.0/mlflow/runs/search',
        'DELETE /api/2.0/mlflow-artifacts/artifacts/*',
        'POST /api/2.0/mlflow-artifacts/mpu/create/*',
        'GET /get-artifact',
        'GET /model-versions/get-artifact',
        'GET /api/2.0/mlflow/users/get',
        'GET /v2',
        'POST /v2/models/:name/infer',
        'POST /v2/repository/models/:name/unload',
        'POST /invocations',
        'POST /api/v1/deployments/:name/invocations',
        'GET /ping',
      ]),
    );
    expect(routes.length).toBeGreaterThan(200);
    for (const route of routes) {
      expect(app.hasRoute({ method: route.method as HTTPMethods, url: route.url })).toBe(true);
    }
  });

  it('answers 401 on every route but the documented open paths', async () => {
    const app = built[0] ?? (await buildCollecting(false));
    expect(await unrefused(app)).toEqual(openRoutes(OPEN));
  });

  // An unknown user rather than a wrong password: each wrong password costs an scrypt hash, and
  // surfaces.test.ts sends wrong passwords to every API family.
  it('answers 401 with broken Basic credentials or an unknown token too', async () => {
    const app = built[0] ?? (await buildCollecting(false));
    // Not an unknown user: those cost a password hash each, like a wrong password (so response
    // times do not tell which users exist); surfaces.test.ts sends both to every API.
    const broken = `Basic ${Buffer.from('no-colon-here').toString('base64')}`;
    expect(await unrefused(app, broken)).toEqual(openRoutes(OPEN));
    expect(await unrefused(app, 'Bearer slw_unknown')).toEqual(openRoutes(OPEN));
  });

  it('opens /metrics, and only it, when metrics authentication is off', async () => {
    const app = await buildCollecting(true);
    expect(await unrefused(app)).toEqual(openRoutes([...OPEN, '/metrics']));
  });

  it('refuses paths that match no route, and near misses of the open paths', async () => {
    const { app } = built[0] ?? (await buildCollecting(false));
    for (const url of [
      '/no-such-route',
      '/health/',
      '/HEALTH',
      '//health',
      '/health%2F',
      '/ping/x',
      '/v2/health/live/',
      '/v2/health',
      '/api/openapi.json/x',
      '/api/openapi.jsonx',
      '/metrics',
    ]) {
      const reply = await app.inject({ method: 'GET', url });
      expect(reply.statusCode, url).toBe(401);
    }
    // The open list is of paths: another method there reaches no handler, whatever it is.
    const post = await app.inject({ method: 'POST', url: '/health' });
    expect([401, 404]).toContain(post.statusCode);
    const options = await app.inject({ method: 'OPTIONS', url: '/api/v1/experiments' });
    expect(options.statusCode).toBe(401);
  });
});
