import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { as, call, openNativeHarness } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

let h: NativeHarness;
let experimentId: string;
beforeAll(async () => {
  h = await openNativeHarness({ users: ['ada'], admins: true });
  const res = await call(h, r.createExperiment, { body: { name: 'runs' } });
  experimentId = res.json.experiment.experimentId;
});
afterAll(async () => h.close());

async function createRun(body: Record<string, unknown> = {}): Promise<string> {
  const res = await call(h, r.createRun, { body: { experimentId, ...body } });
  expect(res.status).toBe(201);
  return res.json.run.info.runId;
}

describe('runs', () => {
  it('creates a run with name, tags and the caller as user', async () => {
    const res = await call(h, r.createRun, {
      body: { experimentId, runName: 'baseline', tags: [{ key: 'stage', value: 'dev' }] },
      // The user is who authenticated, whatever a header claims.
      headers: { ...as('ada'), 'x-slipway-user': 'mallory' },
    });
    expect(res.status).toBe(201);
    expect(res.json.run.info).toMatchObject({
      experimentId,
      runName: 'baseline',
      userId: 'ada',
      status: 'RUNNING',
      lifecycleStage: 'active',
    });
    const got = await call(h, r.getRun, { params: { runId: res.json.run.info.runId } });
    expect(got.json.run.data.tags).toContainEqual({ key: 'stage', value: 'dev' });
    expect(got.json.run.data.tags).toContainEqual({ key: 'mlflow.runName', value: 'baseline' });
  });

  it('answers 404 for an unknown run and 400 when the experiment is deleted', async () => {
    const missing = await call(h, r.getRun, { params: { runId: 'deadbeef' } });
    expect(missing.status).toBe(404);
    const other = await call(h, r.createExperiment, { body: { name: 'gone' } });
    const gone = other.json.experiment.experimentId;
    await call(h, r.deleteExperiment, { params: { experimentId: gone } });
    const res = await call(h, r.createRun, { body: { experimentId: gone } });
    // MLflow's INVALID_PARAMETER_VALUE: the same service answers both APIs.
    expect(res.status).toBe(400);
    expect(res.json.error).toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: `The experiment ${gone} must be in the 'active' state. Current state is deleted.`,
    });
  });

  it('patches status, end time and name', async () => {
    const runId = await createRun();
    const renamed = await call(h, r.updateRun, { params: { runId }, body: { runName: 'renamed' } });
    expect(renamed.json.runInfo.runName).toBe('renamed');
    const ended = await call(h, r.updateRun, {
      params: { runId },
      body: { status: 'FINISHED', endTime: 1_700_000_000_123 },
    });
    expect(ended.json.runInfo).toMatchObject({ status: 'FINISHED', endTime: 1_700_000_000_123 });
    const bad = await call(h, r.updateRun, { params: { runId }, body: { status: 'DONE' } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.message).toContain("'status'");
  });

  it('logs a batch and keeps NaN and infinities on the wire as strings', async () => {
    const runId = await createRun();
    const logged = await call(h, r.logBatch, {
      params: { runId },
      body: {
        metrics: [
          { key: 'loss', value: 0.5, timestamp: 1000, step: 0 },
          { key: 'loss', value: 0.25, timestamp: 2000, step: 1 },
          { key: 'loss', value: 'NaN', timestamp: 3000, step: 2 },
          { key: 'train/grad', value: 'Infinity', timestamp: 1000 },
          { key: 'neg', value: '-Infinity', timestamp: 1000, step: 0 },
        ],
        params: [{ key: 'lr', value: '0.01' }],
        tags: [{ key: 'phase', value: 'train' }],
      },
    });
    expect(logged.status).toBe(204);
    const got = await call(h, r.getRun, { params: { runId } });
    const latest = Object.fromEntries(
      got.json.run.data.metrics.map((m: { key: string; value: unknown }) => [m.key, m.value]),
    );
    expect(latest).toEqual({ loss: 'NaN', 'train/grad': 'Infinity', neg: '-Infinity' });
    expect(got.json.run.data.params).toEqual([{ key: 'lr', value: '0.01' }]);
    expect(got.json.run.data.tags).toContainEqual({ key: 'phase', value: 'train' });

    const history = await call(h, r.getMetricHistory, { params: { runId, key: 'loss' } });
    expect(
      history.json.metrics.map((m: { value: unknown; step: number }) => [m.step, m.value]),
    ).toEqual([
      [0, 0.5],
      [1, 0.25],
      [2, 'NaN'],
    ]);
    const slashed = await call(h, r.getMetricHistory, { params: { runId, key: 'train/grad' } });
    expect(slashed.json.metrics).toEqual([
      { key: 'train/grad', value: 'Infinity', timestamp: 1000, step: 0 },
    ]);
  });

  it('pages through a metric history', async () => {
    const runId = await createRun();
    const metrics = Array.from({ length: 25 }, (_, i) => ({
      key: 'acc',
      value: i / 100,
      timestamp: 10_000 + i,
      step: i,
    }));
    await call(h, r.logBatch, { params: { runId }, body: { metrics } });
    const steps: number[] = [];
    let pageToken: string | undefined;
    do {
      const page = await call(h, r.getMetricHistory, {
        params: { runId, key: 'acc' },
        query: { maxResults: '10', ...(pageToken ? { pageToken } : {}) },
      });
      steps.push(...page.json.metrics.map((m: { step: number }) => m.step));
      pageToken = page.json.nextPageToken;
    } while (pageToken);
    expect(steps).toEqual(Array.from({ length: 25 }, (_, i) => i));
  });

  it('rejects batches over the limits and bad metric values atomically', async () => {
    const runId = await createRun();
    const tooMany = Array.from({ length: 1001 }, (_, i) => ({ key: 'm', value: i, timestamp: i }));
    const res = await call(h, r.logBatch, { params: { runId }, body: { metrics: tooMany } });
    expect(res.status).toBe(400);
    expect(res.json.error.message).toContain('1000');
    const badValue = await call(h, r.logBatch, {
      params: { runId },
      body: {
        metrics: [
          { key: 'ok', value: 1, timestamp: 1 },
          { key: 'bad', value: 'high', timestamp: 1 },
        ],
      },
    });
    expect(badValue.status).toBe(400);
    expect(badValue.json.error.message).toContain("'metrics.1.value'");
    const got = await call(h, r.getRun, { params: { runId } });
    expect(got.json.run.data.metrics).toEqual([]);
  });

  it('logs params once: the same value again is fine, another is refused', async () => {
    const runId = await createRun();
    const params = { runId, key: 'batch size' };
    expect((await call(h, r.logParam, { params, body: { value: '32' } })).status).toBe(204);
    expect((await call(h, r.logParam, { params, body: { value: '32' } })).status).toBe(204);
    const changed = await call(h, r.logParam, { params, body: { value: '64' } });
    expect(changed.status).toBe(400);
    const got = await call(h, r.getRun, { params: { runId } });
    expect(got.json.run.data.params).toEqual([{ key: 'batch size', value: '32' }]);
  });

  it('sets and deletes run tags', async () => {
    const runId = await createRun();
    await call(h, r.setRunTag, { params: { runId, key: 'note' }, body: { value: 'hi' } });
    let got = await call(h, r.getRun, { params: { runId } });
    expect(got.json.run.data.tags).toContainEqual({ key: 'note', value: 'hi' });
    expect((await call(h, r.deleteRunTag, { params: { runId, key: 'note' } })).status).toBe(204);
    got = await call(h, r.getRun, { params: { runId } });
    expect(got.json.run.data.tags.map((t: { key: string }) => t.key)).not.toContain('note');
    expect((await call(h, r.deleteRunTag, { params: { runId, key: 'note' } })).status).toBe(404);
  });

  it('records dataset inputs', async () => {
    const runId = await createRun();
    const datasetInputs = [
      {
        tags: [{ key: 'mlflow.data.context', value: 'training' }],
        dataset: { name: 'iris', digest: 'abc123', sourceType: 'local', source: '/data/iris.csv' },
      },
    ];
    expect(
      (await call(h, r.logInputs, { params: { runId }, body: { datasetInputs } })).status,
    ).toBe(204);
    const got = await call(h, r.getRun, { params: { runId } });
    expect(got.json.run.inputs.datasetInputs).toEqual(datasetInputs);
  });

  it('deletes and restores a run; a deleted run refuses writes', async () => {
    const runId = await createRun();
    expect((await call(h, r.deleteRun, { params: { runId } })).status).toBe(204);
    const got = await call(h, r.getRun, { params: { runId } });
    expect(got.json.run.info.lifecycleStage).toBe('deleted');
    const write = await call(h, r.logBatch, {
      params: { runId },
      body: { tags: [{ key: 'a', value: 'b' }] },
    });
    expect(write.status).toBe(400);
    expect(write.json.error.code).toBe('INVALID_ARGUMENT');
    // Deleting again and restoring twice succeed, as in MLflow.
    expect((await call(h, r.deleteRun, { params: { runId } })).status).toBe(204);
    expect((await call(h, r.restoreRun, { params: { runId } })).status).toBe(204);
    expect((await call(h, r.restoreRun, { params: { runId } })).status).toBe(204);
    const back = await call(h, r.getRun, { params: { runId } });
    expect(back.json.run.info.lifecycleStage).toBe('active');
  });

  it('searches runs by metric with order and paging', async () => {
    const exp = await call(h, r.createExperiment, { body: { name: 'search-runs' } });
    const eid = exp.json.experiment.experimentId;
    const ids: Record<string, string> = {};
    for (const [name, acc] of [
      ['r1', 0.9],
      ['r2', 0.4],
      ['r3', 0.7],
    ] as const) {
      const run = await call(h, r.createRun, { body: { experimentId: eid, runName: name } });
      ids[name] = run.json.run.info.runId;
      await call(h, r.logBatch, {
        params: { runId: run.json.run.info.runId },
        body: { metrics: [{ key: 'acc', value: acc, timestamp: 1 }] },
      });
    }
    const first = await call(h, r.searchRuns, {
      body: {
        experimentIds: [eid],
        filter: 'metrics.acc > 0.5',
        orderBy: ['metrics.acc DESC'],
        maxResults: 1,
      },
    });
    expect(first.json.runs.map((x: { info: { runId: string } }) => x.info.runId)).toEqual([ids.r1]);
    const second = await call(h, r.searchRuns, {
      body: {
        experimentIds: [eid],
        filter: 'metrics.acc > 0.5',
        orderBy: ['metrics.acc DESC'],
        maxResults: 1,
        pageToken: first.json.nextPageToken,
      },
    });
    expect(second.json.runs.map((x: { info: { runId: string } }) => x.info.runId)).toEqual([
      ids.r3,
    ]);
    expect(second.json.nextPageToken).toBeUndefined();
    const none = await call(h, r.searchRuns, { body: { experimentIds: [] } });
    expect(none.status).toBe(400);
  });
});
