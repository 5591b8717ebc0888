import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify from 'fastify';
import type { FastifyInstance, HTTPMethods, RouteOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mlflowPlugin } from '../../src/http/mlflow/mlflow-plugin.js';
import { buildHttpApp, openPlatform } from '../../src/index.js';
import type { Platform } from '../../src/index.js';

/*
 * Exactly which MLflow endpoints the server answers, kept in three places that must agree: the
 * routes the app registers (collected with an onRoute hook installed through Fastify's
 * 'fastify.initialization' diagnostics channel, before buildHttpApp registers anything), the list
 * below, and the list in the README's "With an MLflow client" section. Adding or removing an
 * endpoint without updating both lists fails here.
 */

interface Section {
  /** Where the paths are mounted; '/' for paths outside the API prefixes. */
  prefixes: string[];
  /** `METHOD[ METHOD...] path`, the path relative to each prefix; `{x}` a parameter. */
  endpoints: string[];
}

const SERVED: Section[] = [
  {
    prefixes: ['/api/2.0/mlflow/', '/ajax-api/2.0/mlflow/'],
    endpoints: [
      // Tracking (service.proto)
      'POST experiments/create',
      'GET experiments/get',
      'GET experiments/get-by-name',
      'GET POST experiments/search',
      'POST experiments/update',
      'POST experiments/delete',
      'POST experiments/restore',
      'POST experiments/set-experiment-tag',
      'POST experiments/delete-experiment-tag',
      'POST runs/create',
      'GET runs/get',
      'POST runs/update',
      'POST runs/delete',
      'POST runs/restore',
      'POST runs/search',
      'POST runs/log-metric',
      'POST runs/log-parameter',
      'POST runs/log-batch',
      'POST runs/log-model',
      'POST runs/log-inputs',
      'POST runs/outputs',
      'POST runs/set-tag',
      'POST runs/delete-tag',
      'GET metrics/get-history',
      'GET metrics/get-history-bulk-interval',
      'GET artifacts/list',
      // MLflow 3's logged models
      'POST logged-models',
      'GET PATCH DELETE logged-models/{model_id}',
      'POST logged-models/search',
      'POST logged-models/{model_id}/params',
      'PATCH logged-models/{model_id}/tags',
      'DELETE logged-models/{model_id}/tags/{tag_key}',
      'GET logged-models/{model_id}/artifacts/directories',
      'GET logged-models/{model_id}/artifacts/files',
      // Model registry (model_registry.proto)
      'POST registered-models/create',
      'GET registered-models/get',
      'PATCH registered-models/update',
      'POST registered-models/rename',
      'DELETE registered-models/delete',
      'GET registered-models/search',
      'GET POST registered-models/get-latest-versions',
      'POST registered-models/set-tag',
      'DELETE registered-models/delete-tag',
      'GET POST DELETE registered-models/alias',
      'POST model-versions/create',
      'GET model-versions/get',
      'PATCH model-versions/update',
      'DELETE model-versions/delete',
      'GET model-versions/search',
      'GET model-versions/get-download-uri',
      'POST model-versions/transition-stage',
      'POST model-versions/set-tag',
      'DELETE model-versions/delete-tag',
      // MLflow's basic-auth API (users/current and users/list are Slipway's)
      'POST users/create',
      'GET users/get',
      'GET users/current',
      'GET users/list',
      'PATCH users/update-password',
      'PATCH users/update-admin',
      'DELETE users/delete',
      'POST experiments/permissions/create',
      'GET experiments/permissions/get',
      'PATCH experiments/permissions/update',
      'DELETE experiments/permissions/delete',
      'POST registered-models/permissions/create',
      'GET registered-models/permissions/get',
      'PATCH registered-models/permissions/update',
      'DELETE registered-models/permissions/delete',
      // MLflow 3's webhooks API (webhooks.proto WebhookService)
      'GET POST webhooks',
      'GET PATCH DELETE webhooks/{webhook_id}',
      'POST webhooks/{webhook_id}/test',
    ],
  },
  { prefixes: ['/ajax-api/2.0/mlflow/'], endpoints: ['POST experiments/search-datasets'] },
  {
    prefixes: ['/api/2.0/mlflow-artifacts/', '/ajax-api/2.0/mlflow-artifacts/'],
    endpoints: [
      'GET artifacts',
      'GET PUT DELETE artifacts/{path}',
      'POST mpu/create/{path}',
      'POST mpu/complete/{path}',
      'POST mpu/abort/{path}',
    ],
  },
  {
    prefixes: ['/'],
    endpoints: ['GET get-artifact', 'GET model-versions/get-artifact', 'GET version'],
  },
];

const METHODS = new Set(['GET', 'POST', 'PUT', 'PATCH', 'DELETE']);
const API_PREFIXES = ['/api/2.0/', '/ajax-api/2.0/'];

/** `METHOD /path` with every parameter or wildcard written `{}`, so the lists compare exactly. */
function expand(sections: Section[]): string[] {
  const out: string[] = [];
  for (const { prefixes, endpoints } of sections) {
    for (const endpoint of endpoints) {
      const words = endpoint.trim().split(/\s+/u);
      const path = words.pop() ?? '';
      expect(words.length, endpoint).toBeGreaterThan(0);
      for (const method of words) {
        expect(METHODS.has(method), `${method} in '${endpoint}'`).toBe(true);
        for (const prefix of prefixes) {
          out.push(`${method} ${prefix}${path.replace(/\{[^}]*\}/gu, '{}')}`);
        }
      }
    }
  }
  return out.sort();
}

function fromRoute(method: string, url: string): string {
  return `${method} ${url.replace(/:\w+(\([^)]*\))?/gu, '{}').replace(/\*/gu, '{}')}`;
}

/** The README's list: the first `text` block of its "With an MLflow client" section. */
function readmeSections(readme: string): Section[] {
  const start = readme.indexOf('### With an MLflow client');
  expect(start, 'README section "With an MLflow client"').toBeGreaterThanOrEqual(0);
  const rest = readme.slice(start + 1);
  const end = rest.search(/\n##/u);
  const section = end < 0 ? rest : rest.slice(0, end);
  const block = /```text\n([\s\S]*?)```/u.exec(section);
  expect(block, 'a ```text block listing the endpoints').not.toBeNull();
  const sections: Section[] = [];
  for (const line of (block?.[1] ?? '').split('\n')) {
    if (line.trim() === '') continue;
    if (!/^\s/u.test(line)) {
      // A heading: the prefixes it names, ended by a colon (words after them are comments).
      expect(line, 'a heading ends with a colon').toMatch(/:$/u);
      const prefixes = line.split(/\s+/u).filter((w) => w.startsWith('/'));
      expect(prefixes.length, line).toBeGreaterThan(0);
      sections.push({ prefixes: prefixes.map((p) => p.replace(/:$/u, '')), endpoints: [] });
      continue;
    }
    const current = sections.at(-1);
    expect(current, `an endpoint before any heading: ${line}`).toBeDefined();
    current?.endpoints.push(line.trim());
  }
  return sections;
}

/** Every route a build of the app registers (HEAD included), as `METHOD url`. */
async function collectRoutes(build: () => Promise<FastifyInstance>): Promise<Built> {
  const routes = new Set<string>();
  let instance: FastifyInstance | undefined;
  const onInit = (message: unknown) => {
    const { fastify } = message as { fastify: FastifyInstance };
    // Only the first instance: the app itself (plugins are not new Fastify instances).
    if (instance !== undefined) return;
    instance = fastify;
    fastify.addHook('onRoute', (options: RouteOptions) => {
      for (const method of ([] as HTTPMethods[]).concat(options.method)) {
        routes.add(`${method} ${options.url}`);
      }
    });
  };
  subscribe('fastify.initialization', onInit);
  let app: FastifyInstance;
  try {
    app = await build();
  } finally {
    unsubscribe('fastify.initialization', onInit);
  }
  expect(instance).toBe(app);
  await app.ready();
  return { app, routes: [...routes] };
}

interface Built {
  app: FastifyInstance;
  routes: string[];
}

describe('the MLflow endpoints served', () => {
  let dataDir: string;
  let platform: Platform;
  let whole: Built;
  let pluginAlone: Built;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'slipway-served-endpoints-'));
    platform = await openPlatform({
      authEnabled: false,
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
    // The whole app, every API family, so a route any plugin adds under the prefixes counts.
    whole = await collectRoutes(() =>
      buildHttpApp(platform, {
        bodyLimitBytes: 1024 * 1024,
        artifactLimitBytes: 1024 * 1024,
        logLevel: 'silent',
        inference: platform.inference,
      }),
    );
    // The MLflow plugin alone, for its routes outside the prefixes (the UI's downloads, /version).
    pluginAlone = await collectRoutes(async () => {
      const app = Fastify({ logger: false });
      await app.register(mlflowPlugin, { services: platform, artifactLimitBytes: 1024 });
      return app;
    });
  });

  afterAll(async () => {
    await whole?.app.close();
    await pluginAlone?.app.close();
    await platform?.close();
    if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
  });

  const withoutHead = (routes: string[]) => routes.filter((r) => !r.startsWith('HEAD '));

  it('registers under /api/2.0 and /ajax-api/2.0 exactly the endpoints listed', () => {
    const underPrefixes = withoutHead(whole.routes)
      .filter((r) => API_PREFIXES.some((p) => r.split(' ')[1]?.startsWith(p)))
      .map((r) => fromRoute(...(r.split(' ') as [string, string])))
      .sort();
    const listed = expand(SERVED.filter((s) => !s.prefixes.includes('/')));
    expect(underPrefixes).toEqual(listed);
  });

  it('registers from the MLflow plugin exactly the endpoints listed, the ones outside the prefixes too', () => {
    const fromPlugin = withoutHead(pluginAlone.routes)
      .map((r) => fromRoute(...(r.split(' ') as [string, string])))
      .sort();
    expect(fromPlugin).toEqual(expand(SERVED));
    // And the app serves those outside the prefixes at the root.
    const rootOnes = expand(SERVED.filter((s) => s.prefixes.includes('/')));
    expect(whole.routes).toEqual(expect.arrayContaining(rootOnes));
  });

  it('answers HEAD for every GET listed, as the README says', () => {
    for (const route of expand(SERVED).filter((r) => r.startsWith('GET '))) {
      const head = `HEAD ${route.slice('GET '.length)}`;
      expect(
        pluginAlone.routes.map((r) => fromRoute(...(r.split(' ') as [string, string]))),
      ).toContain(head);
    }
  });

  it('lists in the README exactly the endpoints served', async () => {
    const readme = await readFile(
      join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..', 'README.md'),
      'utf8',
    );
    const sections = readmeSections(readme);
    expect(sections.length).toBeGreaterThan(1);
    expect(expand(sections)).toEqual(expand(SERVED));
  });
});
