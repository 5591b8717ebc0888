import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { as, call, openNativeHarness } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

let h: NativeHarness;
let experimentId: string;
let otherExperimentId: string;
let runId: string;

/** MLflow 3's own endpoints create logged models; the native API only lists a run's. */
async function mlflow(method: 'POST' | 'DELETE', url: string, body?: unknown, user?: string) {
  const res = await h.app.inject({
    method,
    url: `/api/2.0/mlflow${url}`,
    headers: { 'content-type': 'application/json', ...(user ? as(user) : h.defaultHeaders) },
    ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json();
}

async function createModel(experiment: string, name: string, sourceRunId?: string) {
  const body = {
    experiment_id: experiment,
    name,
    ...(sourceRunId ? { source_run_id: sourceRunId } : {}),
  };
  return (await mlflow('POST', '/logged-models', body)).model.info.model_id as string;
}

function list(id: string, headers: Record<string, string> = {}) {
  return call(h, r.listRunLoggedModels, { params: { runId: id }, headers });
}

beforeAll(async () => {
  h = await openNativeHarness({ users: ['bob'] });
  const exp = await call(h, r.createExperiment, { body: { name: 'models' } });
  experimentId = exp.json.experiment.experimentId;
  const other = await call(h, r.createExperiment, { body: { name: 'elsewhere' } });
  otherExperimentId = other.json.experiment.experimentId;
  runId = (await call(h, r.createRun, { body: { experimentId } })).json.run.info.runId;
});
afterAll(async () => h.close());

describe('GET /api/v1/runs/{runId}/logged-models', () => {
  it('lists the models a run is the source of and the ones it logged as outputs', async () => {
    expect((await list(runId)).json).toEqual({ models: [], outputs: [] });
    const sourced = await createModel(experimentId, 'classifier', runId);
    const output = await createModel(otherExperimentId, 'checkpoint');
    const unrelated = await createModel(experimentId, 'someone-else');
    const deleted = await createModel(experimentId, 'dropped', runId);
    await mlflow('DELETE', `/logged-models/${deleted}`);
    await mlflow('POST', '/runs/outputs', {
      run_id: runId,
      models: [
        { model_id: output, step: 7 },
        { model_id: sourced, step: 10 },
      ],
    });

    const res = await list(runId);
    expect(res.status).toBe(200);
    const ids = res.json.models.map((m: { modelId: string }) => m.modelId);
    expect(ids).toEqual([sourced, output]);
    expect(ids).not.toContain(unrelated);
    expect(res.json.models[0]).toMatchObject({
      name: 'classifier',
      experimentId,
      sourceRunId: runId,
      status: 'LOGGED_MODEL_PENDING',
      lifecycleStage: 'active',
    });
    expect(res.json.outputs).toEqual(
      expect.arrayContaining([
        { modelId: output, step: 7 },
        { modelId: sourced, step: 10 },
      ]),
    );
  });

  it('answers 404 for an unknown run and 403 without READ on its experiment', async () => {
    expect((await list('0123456789abcdef0123456789abcdef')).status).toBe(404);
    await call(h, r.setExperimentPermission, {
      params: { experimentId, username: 'bob' },
      body: { permission: 'NO_PERMISSIONS' },
    });
    const refused = await list(runId, as('bob'));
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('PERMISSION_DENIED');
  });

  it('leaves out output models of experiments the caller cannot read', async () => {
    await call(h, r.setExperimentPermission, {
      params: { experimentId, username: 'bob' },
      body: { permission: 'READ' },
    });
    await call(h, r.setExperimentPermission, {
      params: { experimentId: otherExperimentId, username: 'bob' },
      body: { permission: 'NO_PERMISSIONS' },
    });
    const res = await list(runId, as('bob'));
    expect(res.status).toBe(200);
    expect(res.json.models.map((m: { name: string }) => m.name)).toEqual(['classifier']);
    expect(res.json.outputs).toHaveLength(1);
  });
});
