import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LIMITS } from '@slipway/core';
import { openDeploymentHarness } from '../deployments/support/deployment-harness.js';
import type { DeploymentHarness } from '../deployments/support/deployment-harness.js';
import { startMlflowTestApp } from '../mlflow/mlflow-test-app.js';
import type { MlflowTestApp } from '../mlflow/mlflow-test-app.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';

/**
 * JSON nested 10,000 levels deep used to overflow a recursive walk somewhere (the MLflow body
 * cleaner, tensor flattening, serialising a label) and answer 500. Every surface now refuses
 * nesting past LIMITS.maxJsonDepth with a 400 naming the limit, and accepts the limit itself.
 */

const HOSTILE = 10_000;
const LIMIT = LIMITS.maxJsonDepth;
/** Manifests allow tensors of at most 32 dimensions, well within the nesting limit. */
const MAX_RANK = 32;
const DEPTH_MESSAGE = `nested deeper than the limit of ${LIMIT} levels`;

/** JSON text of `levels` nested arrays around `inner` ([[inner]] is 2 levels). */
const arrays = (levels: number, inner = '1') =>
  `${'['.repeat(levels)}${inner}${']'.repeat(levels)}`;
/** JSON text of `levels` nested objects ({"a":{"a":1}} is 2 levels). */
const objects = (levels: number) => `${'{"a":'.repeat(levels)}1${'}'.repeat(levels)}`;

for (const backend of SQL_BACKENDS) {
  describe(`MLflow routes refuse hostile nesting (${backend.name})`, () => {
    let t: MlflowTestApp;
    let db: Awaited<ReturnType<typeof backend.create>>;
    let runId: string;

    beforeAll(async () => {
      db = await backend.create();
      t = await startMlflowTestApp({ backendStoreUri: db.uri });
      const exp = (await t.call('POST', '/experiments/create', { name: 'depth' })).json() as {
        experiment_id: string;
      };
      const run = (
        await t.call('POST', '/runs/create', { experiment_id: exp.experiment_id })
      ).json() as { run: { info: { run_id: string } } };
      runId = run.run.info.run_id;
    });

    afterAll(async () => {
      await t?.close();
      await db?.dispose();
    });

    const cases: Array<[string, string, () => string]> = [
      [
        'a known list field',
        '/experiments/create',
        () => `{"name":"x1","tags":${arrays(HOSTILE)}}`,
      ],
      [
        'an unknown field',
        '/experiments/create',
        () => `{"name":"x2","extra":${objects(HOSTILE)}}`,
      ],
      [
        'a body with bare NaN (the tolerant parser)',
        '/runs/log-metric',
        () => `{"run_id":"${runId}","key":"m","value":NaN,"timestamp":1,"x":${arrays(HOSTILE)}}`,
      ],
      [
        'a double-encoded body',
        '/registered-models/create',
        () => JSON.stringify(`{"name":"m1","tags":${arrays(HOSTILE)}}`),
      ],
      [
        'log-batch metrics',
        '/runs/log-batch',
        () => `{"run_id":"${runId}","metrics":${arrays(HOSTILE)}}`,
      ],
      ['a search', '/runs/search', () => `{"experiment_ids":${arrays(HOSTILE, '"0"')}}`],
      [
        'logged-model params',
        '/logged-models',
        () => `{"experiment_id":"0","params":[{"key":"k","value":${objects(HOSTILE)}}]}`,
      ],
      ['user creation', '/users/create', () => `{"username":"u","password":${arrays(HOSTILE)}}`],
    ];

    it.each(cases)('answers 400 for %s (%s)', async (_what, path, body) => {
      const response = await t.call('POST', path, body());
      expect(response.statusCode, response.body).toBe(400);
      const json = response.json() as { error_code: string; message: string };
      expect(json.error_code).toBe('INVALID_PARAMETER_VALUE');
      expect(json.message).toContain(DEPTH_MESSAGE);
    });

    it('wrote nothing for the refused requests', async () => {
      const experiments = (await t.call('POST', '/experiments/search', {})).json() as {
        experiments: Array<{ name: string }>;
      };
      expect(experiments.experiments.map((e) => e.name).sort()).toEqual(['Default', 'depth']);
      const models = await t.call('GET', '/registered-models/search');
      expect(models.json()).toEqual({});
      const run = (await t.call('GET', `/runs/get?run_id=${runId}`)).json() as {
        run: { data: { metrics?: unknown[] } };
      };
      expect(run.run.data.metrics).toBeUndefined();
    });

    it('accepts a body nested exactly to the limit and refuses one level more', async () => {
      // The body is level 1, so the extra field may hold LIMIT - 1 more levels.
      const atLimit = await t.call(
        'POST',
        '/experiments/create',
        `{"name":"at-limit","extra":${objects(LIMIT - 1)}}`,
      );
      expect(atLimit.statusCode, atLimit.body).toBe(200);
      const withNaN = await t.call(
        'POST',
        '/runs/log-metric',
        `{"run_id":"${runId}","key":"m","value":NaN,"timestamp":1,"extra":${arrays(LIMIT - 1)}}`,
      );
      expect(withNaN.statusCode, withNaN.body).toBe(200);
      for (const body of [
        `{"name":"over","extra":${objects(LIMIT)}}`,
        `{"name":"over","value":NaN,"extra":${arrays(LIMIT)}}`,
      ]) {
        const over = await t.call('POST', '/experiments/create', body);
        expect(over.statusCode, over.body).toBe(400);
        expect(over.body).toContain(DEPTH_MESSAGE);
      }
    });
  });

  describe(`serving and ground truth refuse hostile nesting (${backend.name})`, () => {
    let h: DeploymentHarness;
    let db: Awaited<ReturnType<typeof backend.create>>;
    const json = { 'content-type': 'application/json' };

    beforeAll(async () => {
      db = await backend.create();
      h = await openDeploymentHarness({ backendStoreUri: db.uri, deploymentSyncIntervalMs: 0 });
      // An echo model whose input has the highest rank a manifest allows: nested data that deep
      // is a valid tensor for it and is served end to end.
      await h.register('echo', rankModel(MAX_RANK));
      await h.apply({ name: 'echo', policy: { type: 'single', model: 'models:/echo/1' } });
    }, 120_000);

    afterAll(async () => {
      await h?.close();
      await db?.dispose();
    });

    const infer = (data: string, shape: number[]) =>
      `{"inputs":[{"name":"x","datatype":"FP32","shape":${JSON.stringify(shape)},"data":${data}}]}`;

    it('answers 400 for OIP data nested 10,000 levels deep', async () => {
      const response = await h.api(
        'POST',
        '/v2/models/echo/infer',
        infer(arrays(HOSTILE), [1]),
        json,
      );
      expect(response.status).toBe(400);
      expect(response.json.error).toContain(DEPTH_MESSAGE);
    });

    it('serves OIP data nested as deep as a tensor may be, and refuses past the limit', async () => {
      const shape = new Array<number>(MAX_RANK).fill(1);
      const response = await h.api(
        'POST',
        '/v2/models/echo/infer',
        infer(arrays(MAX_RANK, '7'), shape),
        json,
      );
      expect(response.status, JSON.stringify(response.json)).toBe(200);
      expect(response.json.outputs[0]).toMatchObject({ name: 'x_out', shape, data: [7] });
      const over = await h.api(
        'POST',
        '/v2/models/echo/infer',
        infer(arrays(LIMIT + 1, '7'), new Array<number>(LIMIT + 1).fill(1)),
        json,
      );
      expect(over.status).toBe(400);
      expect(over.json.error).toContain(DEPTH_MESSAGE);
    });

    it.each([
      ['inputs', () => `{"inputs":${arrays(HOSTILE)}}`],
      ['instances', () => `{"instances":${arrays(HOSTILE)}}`],
      ['dataframe_records', () => `{"dataframe_records":[{"x":${objects(HOSTILE)}}]}`],
      [
        'dataframe_split',
        () => `{"dataframe_split":{"columns":["x"],"data":[[${arrays(HOSTILE)}]]}}`,
      ],
      ['a named input', () => `{"inputs":{"x":${arrays(HOSTILE)}}}`],
    ])('answers 400 for /invocations with %s nested 10,000 levels deep', async (_format, body) => {
      const response = await h.api('POST', '/api/v1/deployments/echo/invocations', body(), json);
      expect(response.status).toBe(400);
      expect(response.json.error_code).toBe('BAD_REQUEST');
      expect(response.json.message).toContain(DEPTH_MESSAGE);
    });

    it('scores /invocations inputs nested as deep as a tensor may be, and refuses past the limit', async () => {
      const response = await h.api(
        'POST',
        '/api/v1/deployments/echo/invocations',
        `{"inputs":${arrays(MAX_RANK, '3')}}`,
        json,
      );
      expect(response.status, JSON.stringify(response.json)).toBe(200);
      expect(JSON.stringify(response.json.predictions)).toContain('3');
      const over = await h.api(
        'POST',
        '/api/v1/deployments/echo/invocations',
        `{"inputs":${arrays(LIMIT + 1, '3')}}`,
        json,
      );
      expect(over.status).toBe(400);
      expect(over.json.message).toContain(DEPTH_MESSAGE);
    });

    it('answers 400 for a ground-truth label nested 10,000 levels deep, and stores nothing', async () => {
      const time = Date.now();
      await h.platform.predictionLogStore.append([predictionRecord('gt-deep', time)]);
      for (const label of [objects(HOSTILE), arrays(HOSTILE)]) {
        const response = await h.api(
          'POST',
          '/api/v1/deployments/echo/ground-truth',
          `[{"requestId":"gt-ok","label":1},{"requestId":"gt-deep","label":${label}}]`,
          json,
        );
        expect(response.status).toBe(400);
        expect(response.json.error.code).toBe('INVALID_ARGUMENT');
        expect(response.json.error.message).toContain(DEPTH_MESSAGE);
      }
      const labeled = await h.platform.predictionLogStore.join({
        deployment: 'echo',
        limit: 100,
        labeledOnly: true,
      });
      expect(labeled.items).toEqual([]);
    });

    it('stores a label in a body nested exactly to the limit', async () => {
      const time = Date.now();
      await h.platform.predictionLogStore.append([predictionRecord('gt-limit', time)]);
      const response = await h.api(
        'POST',
        '/api/v1/deployments/echo/ground-truth',
        // The body is level 1 and the label's objects the other LIMIT - 1.
        `{"requestId":"gt-limit","label":${objects(LIMIT - 1)}}`,
        json,
      );
      expect(response.status, JSON.stringify(response.json)).toBe(200);
      const labeled = await h.platform.predictionLogStore.join({
        deployment: 'echo',
        limit: 100,
        labeledOnly: true,
      });
      expect(labeled.items.map((p) => p.requestId)).toEqual(['gt-limit']);
      expect(JSON.stringify(labeled.items[0]?.groundTruth?.label)).toBe(objects(LIMIT - 1));
    });
  });
}

/** A js model echoing its FP32 input `x` of the given rank (every dimension any size). */
function rankModel(rank: number): { path: string; body: string }[] {
  const shape = new Array<number>(rank).fill(-1);
  const manifest = {
    formatVersion: 1,
    flavor: 'js',
    modelFile: 'echo.mjs',
    signature: {
      inputs: [{ name: 'x', datatype: 'FP32', shape }],
      outputs: [{ name: 'x_out', datatype: 'FP32', shape }],
    },
  };
  return [
    { path: 'slipway-model.json', body: JSON.stringify(manifest) },
    {
      path: 'echo.mjs',
      body: 'export function predict(inputs) { return inputs.map((t) => ({ ...t, name: `${t.name}_out` })); }',
    },
  ];
}

function predictionRecord(requestId: string, time: number) {
  return {
    requestId,
    deployment: 'echo',
    modelName: 'echo',
    modelVersion: '1',
    inputs: [{ name: 'x', datatype: 'FP32' as const, shape: [1], data: [1] }],
    outputs: [{ name: 'x_out', datatype: 'FP32' as const, shape: [1], data: [1] }],
    latencyMs: 1,
    status: 'ok' as const,
    time,
  };
}
