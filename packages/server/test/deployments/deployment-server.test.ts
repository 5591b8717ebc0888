import { randomUUID } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig } from '../../src/config/config.js';
import { startServer } from '../../src/server.js';
import type { RunningServer } from '../../src/server.js';
import { InferenceClient } from '../grpc/support/grpc-client.js';
import { parseExposition, promtoolCheck, series } from '../serving-metrics/exposition.js';
import {
  BREAST_CANCER_ONNX,
  constantPredictor,
  goldenBreastCancer,
  worstError,
} from './support/deployment-harness.js';
import type { Golden } from './support/deployment-harness.js';

let dir: string;
let server: RunningServer;
let grpc: InferenceClient;
let golden: Golden;

async function api(method: string, path: string, body?: unknown) {
  const response = await fetch(`${server.url}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
}

async function register(name: string, files: { path: string; body: string | Uint8Array }[]) {
  if ((await api('GET', `/api/v1/models/${name}`)).status === 404)
    await api('POST', '/api/v1/models', { name });
  const uploadId = randomUUID();
  for (const file of files) {
    await fetch(`${server.url}/api/v1/models/${name}/uploads/${uploadId}/${file.path}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/octet-stream' },
      body: file.body,
    });
  }
  return (
    await api('POST', `/api/v1/models/${name}/versions`, {
      source: `mlflow-artifacts:/models/${name}/${uploadId}`,
    })
  ).json.modelVersion;
}

async function infer(name: string, rows: number[][], id: string) {
  const response = await fetch(`${server.url}/v2/models/${name}/infer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      id,
      inputs: [{ name: 'input', datatype: 'FP32', shape: [rows.length, 30], data: rows.flat() }],
    }),
  });
  return {
    status: response.status,
    json: (await response.json()) as { outputs: { data: number[] }[]; model_version: string },
  };
}

beforeAll(async () => {
  golden = await goldenBreastCancer();
  dir = await mkdtemp(join(tmpdir(), 'slipway-serve-'));
  server = await startServer(
    loadServerConfig(
      { port: 0, grpcPort: 0, dataDir: dir, logLevel: 'silent', workerPoolSize: 1 },
      {},
    ),
  );
  grpc = new InferenceClient(`127.0.0.1:${server.grpcPort}`);
  await register('bc', [
    { path: 'model.onnx', body: new Uint8Array(await readFile(BREAST_CANCER_ONNX)) },
  ]);
  await register('const', constantPredictor(0.75));
});

afterAll(async () => {
  grpc?.close();
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the server with deployments wired in', () => {
  it('serves a deployment over gRPC with the version in the metadata', async () => {
    expect(server.grpcPort).toBeGreaterThan(0);
    expect(
      (
        await api('POST', '/api/v1/deployments', {
          name: 'obs',
          policy: { type: 'single', model: 'models:/bc/1' },
        })
      ).status,
    ).toBe(200);
    const { response, metadata } = await grpc.call<{
      model_name: string;
      model_version: string;
      outputs: { contents: { fp32_contents: number[] } }[];
    }>('ModelInfer', {
      model_name: 'obs',
      id: 'grpc-1',
      inputs: [
        {
          name: 'input',
          datatype: 'FP32',
          shape: [10, 30],
          contents: { fp32_contents: golden.inputs.slice(0, 10).flat() },
        },
      ],
    });
    expect(metadata?.get('x-slipway-model-version')).toEqual(['1']);
    expect(response).toMatchObject({ model_name: 'bc', model_version: '1' });
    expect(
      worstError(response.outputs[0]?.contents.fp32_contents ?? [], golden.expected.slice(0, 10)),
    ).toBeLessThan(1e-5);
  });

  it('logs every prediction and joins ground truth to it by request id', async () => {
    for (let i = 0; i < 5; i += 1) {
      expect((await infer('obs', golden.inputs.slice(i, i + 1), `log-${i}`)).status).toBe(200);
    }
    const labels = await api('POST', '/api/v1/deployments/obs/ground-truth', [
      { requestId: 'log-0', label: 1 },
      { requestId: 'log-3', label: 0 },
    ]);
    expect(labels).toEqual({ status: 200, json: { accepted: 2 } });
    expect(
      (
        await api('POST', '/api/v1/deployments/obs/ground-truth', {
          requestId: 'log-4',
          label: 'benign',
        })
      ).json,
    ).toEqual({ accepted: 1 });
    expect(
      (await api('POST', '/api/v1/deployments/nope/ground-truth', { requestId: 'x', label: 1 }))
        .status,
    ).toBe(404);

    await server.platform.predictionLogger.flush();
    const page = await server.platform.predictionLogStore.query({ deployment: 'obs', limit: 100 });
    const byId = new Map(page.items.map((record) => [record.requestId, record]));
    expect([...byId.keys()]).toEqual(
      expect.arrayContaining(['grpc-1', 'log-0', 'log-1', 'log-2', 'log-3', 'log-4']),
    );
    const logged = byId.get('log-2');
    expect(logged).toMatchObject({
      modelName: 'bc',
      modelVersion: '1',
      variant: 'model',
      status: 'ok',
    });
    expect(
      Math.abs(Number(logged?.outputs[0]?.data[0]) - (golden.expected[2]?.[0] ?? NaN)),
    ).toBeLessThan(1e-5);
    expect(logged?.inputs[0]?.shape).toEqual([1, 30]);

    const joined = await server.platform.predictionLogStore.join({
      deployment: 'obs',
      limit: 100,
      labeledOnly: true,
    });
    expect(
      Object.fromEntries(joined.items.map((p) => [p.requestId, p.groundTruth?.label])),
    ).toEqual({
      'log-0': 1,
      'log-3': 0,
      'log-4': 'benign',
    });
  });

  it('logs the shadow challenger under the primary request id and exports metrics promtool accepts', async () => {
    await api('POST', '/api/v1/deployments', {
      name: 'mirror',
      policy: { type: 'shadow', primary: 'models:/bc/1', challenger: 'models:/const/1' },
    });
    await api('POST', '/api/v1/deployments', {
      name: 'slow-canary',
      policy: {
        type: 'canary',
        stable: 'models:/bc/1',
        candidate: 'models:/const/1',
        steps: [25, 100],
        interval: '1h',
      },
    });
    for (let i = 0; i < 4; i += 1) await infer('mirror', golden.inputs.slice(i, i + 1), `m-${i}`);
    const deadline = Date.now() + 10_000;
    while ((await api('GET', '/api/v1/deployments/mirror')).json.deployment.shadow.completed < 4) {
      if (Date.now() > deadline) throw new Error('mirrors never completed');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await server.platform.predictionLogger.flush();
    const page = await server.platform.predictionLogStore.query({
      deployment: 'mirror',
      limit: 100,
    });
    const forFirst = page.items.filter((record) => record.requestId === 'm-0');
    expect(forFirst.map((record) => [record.variant, record.modelName]).sort()).toEqual([
      ['challenger', 'const'],
      ['primary', 'bc'],
    ]);

    const response = await fetch(`${server.url}/metrics`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const samples = parseExposition(text);
    expect(
      samples.get(
        series('slipway_inference_requests_total', {
          deployment: 'obs',
          model_version: '1',
          protocol: 'rest',
          status: 'ok',
        }),
      ),
    ).toBe(5);
    expect(
      samples.get(
        series('slipway_inference_requests_total', {
          deployment: 'obs',
          model_version: '1',
          protocol: 'grpc',
          status: 'ok',
        }),
      ),
    ).toBe(1);
    expect(samples.get(series('slipway_shadow_comparisons_total', { deployment: 'mirror' }))).toBe(
      4,
    );
    expect(
      samples.get(series('slipway_canary_weight_percent', { deployment: 'slow-canary' })),
    ).toBe(25);
    expect(
      samples.get(
        series('slipway_canary_phase', { deployment: 'slow-canary', phase: 'progressing' }),
      ),
    ).toBe(1);
    expect(
      samples.get(
        series('slipway_model_load_duration_seconds_count', { model: 'bc', model_version: '1' }),
      ),
    ).toBe(1);
    const check = promtoolCheck(text);
    expect(check.output).toBe('');
    expect(check.status).toBe(0);

    expect((await api('DELETE', '/api/v1/deployments/slow-canary')).status).toBe(204);
    const after = parseExposition(await (await fetch(`${server.url}/metrics`)).text());
    expect(after.has(series('slipway_canary_weight_percent', { deployment: 'slow-canary' }))).toBe(
      false,
    );
  });
});
