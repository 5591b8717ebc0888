import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { modelUploadLocation } from '@slipway/core';
import { BodyBudget } from '../../../src/http/body-budget.js';
import { buildHttpApp } from '../../../src/http/build-app.js';
import { openPlatform } from '../../../src/platform.js';

export interface BodyAppSettings {
  maxBufferedBodyBytes: number;
  bodyTimeoutMs: number;
  bodyLimitBytes: number;
  artifactLimitBytes?: number;
}

export interface BodyApp {
  app: FastifyInstance;
  port: number;
  base: string;
  budget: BodyBudget;
  /** Every log line at warn (40) or above, parsed. */
  logs: { level: number; msg?: string; err?: unknown }[];
  close(): Promise<void>;
}

/** A js model `bc`: input FP32 [-1, 30] -> probability 0.25 per row. */
const MANIFEST = {
  formatVersion: 1,
  flavor: 'js',
  modelFile: 'predictor.mjs',
  signature: {
    inputs: [{ name: 'input', datatype: 'FP32', shape: [-1, 30] }],
    outputs: [{ name: 'probability', datatype: 'FP32', shape: [-1, 1] }],
  },
};
const PREDICTOR = `export function predict([x]) {
  const rows = x.shape[0];
  return [{ name: 'probability', datatype: 'FP32', shape: [rows, 1], data: new Float32Array(rows).fill(0.25) }];
}`;

/**
 * The real platform and HTTP app (every surface, inference included) on a throwaway SQLite,
 * listening on a loopback port, with the model `bc` registered and deployed as `bc`.
 */
export async function openBodyApp(settings: BodyAppSettings): Promise<BodyApp> {
  const dataDir = await mkdtemp(join(tmpdir(), 'slipway-load-'));
  const logs: BodyApp['logs'] = [];
  const logger = pino(
    { level: 'debug' },
    {
      write: (line: string) => {
        const parsed = JSON.parse(line) as BodyApp['logs'][number];
        if (parsed.level >= 40) logs.push(parsed);
      },
    },
  );
  const platform = await openPlatform({
    logger,
    authEnabled: false,
    backendStoreUri: `sqlite:${join(dataDir, 'slipway.db')}`,
    artifactsUri: `file:${join(dataDir, 'artifacts')}`,
    dbPoolSize: 2,
    s3Region: 'us-east-1',
    s3ForcePathStyle: true,
    modelCacheDir: join(dataDir, 'model-cache'),
    workerPoolSize: 1,
    deploymentSyncIntervalMs: 0,
  });
  const budget = new BodyBudget(settings.maxBufferedBodyBytes);
  const app = await buildHttpApp(platform, {
    bodyLimitBytes: settings.bodyLimitBytes,
    artifactLimitBytes: settings.artifactLimitBytes ?? 1024 * 1024 * 1024,
    bodyTimeoutMs: settings.bodyTimeoutMs,
    bodyBudget: budget,
    logger,
    logLevel: 'debug',
    inference: platform.inference,
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  const base = `http://127.0.0.1:${port}`;

  const call = async (method: string, path: string, body: string, type: string) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': type },
      body,
    });
    if (response.status >= 300) throw new Error(`${method} ${path}: ${await response.text()}`);
  };
  const json = 'application/json';
  const bytes = 'application/octet-stream';
  await call('POST', '/api/v1/models', JSON.stringify({ name: 'bc' }), json);
  const upload = randomUUID();
  await call(
    'PUT',
    `/api/v1/models/bc/uploads/${upload}/slipway-model.json`,
    JSON.stringify(MANIFEST),
    bytes,
  );
  await call('PUT', `/api/v1/models/bc/uploads/${upload}/predictor.mjs`, PREDICTOR, bytes);
  const source = modelUploadLocation('bc', upload).source;
  await call('POST', '/api/v1/models/bc/versions', JSON.stringify({ source }), json);
  const spec = { name: 'bc', policy: { type: 'single', model: 'models:/bc/1' } };
  await call('POST', '/api/v1/deployments', JSON.stringify(spec), json);

  return {
    app,
    port,
    base,
    budget,
    logs,
    async close() {
      app.server.closeAllConnections();
      try {
        await app.close();
        await platform.close();
      } finally {
        await rm(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** A small, valid inference request for the `bc` deployment (one row of 30 FP32 features). */
export function smallInferBody(): string {
  return JSON.stringify({
    inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 30], data: new Array(30).fill(0.5) }],
  });
}
