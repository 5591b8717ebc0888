import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PredictionRecord } from '@slipway/core';
import { loadServerConfig } from '../../src/config/config.js';
import { buildModelPackage } from '../../src/serving/runtime/build-model-package.js';
import {
  BREAST_CANCER_ONNX,
  goldenBreastCancer,
  openDeploymentHarness,
  worstError,
} from './support/deployment-harness.js';
import type { DeploymentHarness, Golden } from './support/deployment-harness.js';

const DAY_MS = 86_400_000;

let h: DeploymentHarness;
let golden: Golden;
// Recent times: the platform's retention (30 days by default) must not touch them.
const T0 = Date.now() - 60_000;

function record(n: number, overrides: Partial<PredictionRecord> = {}): PredictionRecord {
  return {
    requestId: `exp-${n}`,
    deployment: 'exported',
    modelName: 'bc',
    modelVersion: '1',
    variant: 'model',
    inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 2], data: [n, n + 0.5] }],
    outputs: [{ name: 'probability', datatype: 'FP32', shape: [1, 1], data: [n / 10] }],
    latencyMs: 1 + n,
    status: 'ok',
    time: T0 + n * 1_000,
    ...overrides,
  };
}

beforeAll(async () => {
  golden = await goldenBreastCancer();
  h = await openDeploymentHarness();
  // A tabular package (the 30 named columns), so MLflow's dataframe inputs map onto the tensor.
  const manifest = await buildModelPackage(BREAST_CANCER_ONNX, {
    name: 'bc',
    columns: golden.columns,
  });
  await h.register('bc', [
    { path: 'model.onnx', body: new Uint8Array(await readFile(BREAST_CANCER_ONNX)) },
    { path: 'slipway-model.json', body: JSON.stringify({ ...manifest, modelFile: 'model.onnx' }) },
  ]);
  await h.apply({ name: 'bc-serve', policy: { type: 'single', model: 'models:/bc/1' } });
  await h.platform.predictionLogStore.append([0, 1, 2, 3].map((n) => record(n)));
  await h.platform.predictionLogStore.append([record(9, { deployment: 'other' })]);
  await h.platform.predictionLogStore.attachGroundTruth([
    { deployment: 'exported', requestId: 'exp-1', label: 1, time: T0 + 10_000 },
  ]);
});

afterAll(async () => {
  await h?.close();
});

async function download(path: string): Promise<{ status: number; type: string; text: string }> {
  const response = await fetch(`${h.baseUrl}${path}`);
  return {
    status: response.status,
    type: response.headers.get('content-type') ?? '',
    text: await response.text(),
  };
}

describe('MLflow scoring wired into the HTTP app', () => {
  it('scores dataframe_split at /api/v1/deployments/{name}/invocations', async () => {
    const rows = golden.inputs.slice(0, 20);
    const response = await fetch(`${h.baseUrl}/api/v1/deployments/bc-serve/invocations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dataframe_split: { columns: golden.columns, data: rows } }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-slipway-model-version')).toBe('1');
    const body = (await response.json()) as { predictions: number[] };
    expect(body.predictions).toHaveLength(20);
    expect(worstError(body.predictions, golden.expected.slice(0, 20))).toBeLessThan(1e-5);
  });
});

describe('GET /api/v1/deployments/{name}/predictions', () => {
  it('exports JSON Lines with ground truth, only of the named deployment', async () => {
    const res = await download('/api/v1/deployments/exported/predictions?format=jsonl');
    expect(res.status).toBe(200);
    expect(res.type).toContain('application/x-ndjson');
    const lines = res.text
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.map((l) => l.request_id)).toEqual(['exp-0', 'exp-1', 'exp-2', 'exp-3']);
    expect(lines[2]).toMatchObject({
      time: T0 + 2_000,
      deployment: 'exported',
      model_name: 'bc',
      model_version: '1',
      latency_ms: 3,
      status: 'ok',
      ground_truth: null,
    });
    expect(JSON.stringify(lines[2]?.inputs)).toContain('[2,2.5]');
    expect(lines[1]).toMatchObject({ ground_truth: 1, ground_truth_time: T0 + 10_000 });
  });

  it('exports CSV within [from, to) with a file name', async () => {
    const response = await fetch(
      `${h.baseUrl}/api/v1/deployments/exported/predictions?format=csv&from=${T0 + 1_000}&to=${T0 + 3_000}`,
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('text/csv');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="exported-predictions.csv"',
    );
    const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
    expect(rows.map((r) => r.request_id)).toEqual(['exp-1', 'exp-2']);
    expect(rows[0]).toMatchObject({ time: String(T0 + 1_000), latency_ms: '2', ground_truth: '1' });
    expect(JSON.parse(rows[1]?.outputs ?? 'null')).toEqual([
      { name: 'probability', datatype: 'FP32', shape: [1, 1], data: [0.2] },
    ]);
  });

  it('exports Parquet (magic bytes at both ends)', async () => {
    const response = await fetch(
      `${h.baseUrl}/api/v1/deployments/exported/predictions?format=parquet`,
    );
    expect(response.status).toBe(200);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const magic = (at: number) => new TextDecoder().decode(bytes.subarray(at, at + 4));
    expect(magic(0)).toBe('PAR1');
    expect(magic(bytes.length - 4)).toBe('PAR1');
  });

  it("exports only the rows of the version (and model) asked for, like the search's filter", async () => {
    // Versions 1 and 2 of bc and version 2 of another model, interleaved in time.
    const served: [string, string][] = [
      ['bc', '1'],
      ['bc', '2'],
      ['bc', '1'],
      ['fallback', '2'],
      ['bc', '2'],
    ];
    await h.platform.predictionLogStore.append(
      served.map(([modelName, modelVersion], n) =>
        record(n, { deployment: 'versioned', requestId: `ver-${n}`, modelName, modelVersion }),
      ),
    );
    const ids = async (query: string) => {
      const res = await download(`/api/v1/deployments/versioned/predictions?format=jsonl${query}`);
      expect(res.status).toBe(200);
      return res.text
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => (JSON.parse(line) as { request_id: string }).request_id);
    };
    expect(await ids('')).toEqual(['ver-0', 'ver-1', 'ver-2', 'ver-3', 'ver-4']);
    expect(await ids('&version=2')).toEqual(['ver-1', 'ver-3', 'ver-4']);
    expect(await ids('&version=2&model=bc')).toEqual(['ver-1', 'ver-4']);
    expect(await ids('&model=fallback')).toEqual(['ver-3']);
    expect(await ids(`&version=1&from=${T0 + 1_000}`)).toEqual(['ver-2']);
    expect(await ids('&version=7')).toEqual([]);
    // An empty version is a mistake, not "every version".
    const empty = await h.api(
      'GET',
      '/api/v1/deployments/versioned/predictions?format=csv&version=',
    );
    expect(empty.status).toBe(400);
    expect(empty.json.error.code).toBe('INVALID_ARGUMENT');
  });

  it('rejects an unknown format with INVALID_ARGUMENT', async () => {
    const res = await h.api('GET', '/api/v1/deployments/exported/predictions?format=xlsx');
    expect(res.status).toBe(400);
    expect(res.json.error.code).toBe('INVALID_ARGUMENT');
    expect(res.json.error.message).toContain('format');
    const missing = await h.api('GET', '/api/v1/deployments/exported/predictions');
    expect(missing.status).toBe(400);
  });
});

describe('prediction retention', () => {
  it('is configured in days (default 30, 0 disables) from flags and env', () => {
    expect(loadServerConfig({}, {}).predictionRetentionDays).toBe(30);
    expect(
      loadServerConfig({}, { SLIPWAY_PREDICTION_RETENTION_DAYS: '7' }).predictionRetentionDays,
    ).toBe(7);
    expect(
      loadServerConfig({ predictionRetentionDays: '0' }, { SLIPWAY_PREDICTION_RETENTION_DAYS: '7' })
        .predictionRetentionDays,
    ).toBe(0);
    expect(() => loadServerConfig({ predictionRetentionDays: '-1' }, {})).toThrow(
      /predictionRetentionDays/u,
    );
  });

  it("deletes predictions older than the platform's retention window", async () => {
    const now = Date.now();
    await h.platform.predictionLogStore.append([
      record(0, { requestId: 'old', deployment: 'aging', time: now - 31 * DAY_MS }),
      record(0, { requestId: 'young', deployment: 'aging', time: now - 29 * DAY_MS }),
    ]);
    expect(h.platform.jobs.has('prediction-retention')).toBe(true);
    expect(await h.platform.jobs.runNow('prediction-retention')).toBe(true);
    const page = await h.platform.predictionLogStore.query({ deployment: 'aging', limit: 10 });
    expect(page.items.map((p) => p.requestId)).toEqual(['young']);
  });
});
