import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { as, call, openNativeHarness } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

let h: NativeHarness;
let experimentId: string;

async function runWith(
  batch: Record<string, unknown>,
  tags: Array<{ key: string; value: string }>,
) {
  const res = await call(h, r.createRun, { body: { experimentId, tags } });
  const runId: string = res.json.run.info.runId;
  await call(h, r.logBatch, { params: { runId }, body: batch });
  return runId;
}

beforeAll(async () => {
  h = await openNativeHarness({ users: ['ada', 'bob'] });
  const exp = await call(h, r.createExperiment, { body: { name: 'columns' } });
  experimentId = exp.json.experiment.experimentId;
  await runWith(
    {
      params: [{ key: 'lr', value: '0.1' }],
      metrics: [{ key: 'loss', value: 1, timestamp: 1, step: 0 }],
    },
    [
      { key: 'team', value: 'risk' },
      { key: 'mlflow.source.name', value: 'train.py' },
    ],
  );
  const gone = await runWith(
    {
      params: [{ key: 'depth', value: '3' }],
      metrics: [{ key: 'auc', value: 0.9, timestamp: 1, step: 0 }],
    },
    [{ key: 'note', value: 'x' }],
  );
  await call(h, r.deleteRun, { params: { runId: gone } });
  await call(h, r.setExperimentPermission, {
    params: { experimentId, username: 'bob' },
    body: { permission: 'NO_PERMISSIONS' },
  });
});
afterAll(async () => h.close());

describe('GET /api/v1/experiments/{experimentId}/keys', () => {
  it("lists the active runs' keys, MLflow's system tags apart", async () => {
    const res = await call(h, r.getExperimentKeys, { params: { experimentId } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ params: ['lr'], metrics: ['loss'], tags: ['team'] });
    expect(res.json.systemTags).toContain('mlflow.runName');
    expect(res.json.systemTags).toContain('mlflow.source.name');
    expect(res.json.systemTags.every((key: string) => key.startsWith('mlflow.'))).toBe(true);
  });

  it('covers deleted runs with viewType', async () => {
    const all = await call(h, r.getExperimentKeys, {
      params: { experimentId },
      query: { viewType: 'ALL' },
    });
    expect(all.json).toMatchObject({
      params: ['depth', 'lr'],
      metrics: ['auc', 'loss'],
      tags: ['note', 'team'],
    });
    const deleted = await call(h, r.getExperimentKeys, {
      params: { experimentId },
      query: { viewType: 'DELETED_ONLY' },
    });
    expect(deleted.json).toMatchObject({ params: ['depth'], metrics: ['auc'], tags: ['note'] });
    const bad = await call(h, r.getExperimentKeys, {
      params: { experimentId },
      query: { viewType: 'SOME' },
    });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain('viewType');
  });

  it('answers 404 for an unknown experiment and 403 without READ on it', async () => {
    const missing = await call(h, r.getExperimentKeys, { params: { experimentId: '424242' } });
    expect(missing.status).toBe(404);
    const refused = await call(h, r.getExperimentKeys, {
      params: { experimentId },
      headers: as('bob'),
    });
    expect(refused.status).toBe(403);
    const allowed = await call(h, r.getExperimentKeys, {
      params: { experimentId },
      headers: as('ada'),
    });
    expect(allowed.json.params).toEqual(['lr']);
  });
});
