import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { as, call, openNativeHarness } from './native-harness.js';
import type { CallResult, NativeHarness } from './native-harness.js';

let h: NativeHarness;
let experimentId: string;
let a: string;
let b: string;

async function createRun(steps: number[], key = 'loss'): Promise<string> {
  const res = await call(h, r.createRun, { body: { experimentId } });
  const runId: string = res.json.run.info.runId;
  const metrics = steps.map((step) => ({
    key,
    value: step === 2 ? 'NaN' : step / 10,
    timestamp: 1000 + step,
    step,
  }));
  await call(h, r.logBatch, { params: { runId }, body: { metrics } });
  return runId;
}

/** GET on an MLflow path with repeated query parameters. */
async function mlflowGet(prefix: string, query: Record<string, string | string[]>, who = {}) {
  const search = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    for (const item of Array.isArray(v) ? v : [v]) search.append(k, item);
  }
  const res = await h.app.inject({
    method: 'GET',
    url: `${prefix}/metrics/get-history-bulk-interval?${search.toString()}`,
    headers: { ...h.defaultHeaders, ...who },
  });
  return { status: res.statusCode, json: JSON.parse(res.body) as Record<string, unknown> };
}

function interval(query: Record<string, string | string[]>, key = 'loss', who = {}) {
  return call(h, r.getMetricHistoryInterval, { params: { key }, query, headers: who });
}

function expectBadRequest(res: CallResult, ...parts: string[]) {
  expect(res.status, JSON.stringify(res.json)).toBe(400);
  expect(res.json.error.code).toBe('INVALID_ARGUMENT');
  for (const part of parts) expect(res.json.error.message).toContain(part);
}

beforeAll(async () => {
  h = await openNativeHarness({ users: ['ada', 'bob'] });
  const exp = await call(h, r.createExperiment, { body: { name: 'charts' } });
  experimentId = exp.json.experiment.experimentId;
  a = await createRun([0, 1, 2, 3, 4]);
  b = await createRun([0, 10]);
  await call(h, r.setExperimentPermission, {
    params: { experimentId, username: 'bob' },
    body: { permission: 'NO_PERMISSIONS' },
  });
});
afterAll(async () => h.close());

describe('GET /api/v1/metrics/{key}/history-interval', () => {
  it('answers the sampled points per run, in the order asked', async () => {
    const res = await interval({ runIds: [b, a], maxResults: '2' });
    expect(res.status).toBe(200);
    // Steps 0 1 2 3 4 10 sampled at positions 0 and 3 plus the last (0 3 10); ends 0 4 and 0 10.
    expect(res.json.runs.map((run: { runId: string }) => run.runId)).toEqual([b, a]);
    expect(res.json.runs[1].metrics).toEqual([
      { key: 'loss', value: 0, timestamp: 1000, step: 0 },
      { key: 'loss', value: 0.3, timestamp: 1003, step: 3 },
      { key: 'loss', value: 0.4, timestamp: 1004, step: 4 },
    ]);
    expect(res.json.runs[0].metrics.map((m: { step: number }) => m.step)).toEqual([0, 10]);
  });

  it('keeps every step under the cap, sends NaN as a string, and takes a step range', async () => {
    const all = await interval({ runIds: a });
    expect(all.json.runs[0].metrics.map((m: { value: unknown }) => m.value)).toEqual([
      0,
      0.1,
      'NaN',
      0.3,
      0.4,
    ]);
    const zoomed = await interval({ runIds: a, startStep: '1', endStep: '3' });
    expect(zoomed.json.runs[0].metrics.map((m: { step: number }) => m.step)).toEqual([1, 2, 3]);
  });

  it('takes metric keys holding a slash, percent-encoded', async () => {
    const run = await createRun([5], 'val/loss');
    const res = await interval({ runIds: run }, 'val/loss');
    expect(res.json.runs[0].metrics).toEqual([
      { key: 'val/loss', value: 0.5, timestamp: 1005, step: 5 },
    ]);
  });

  it('refuses bad input with 400 and a message naming the parameter', async () => {
    expectBadRequest(await interval({}), 'runIds');
    const many = Array.from({ length: 101 }, () => a);
    expectBadRequest(await interval({ runIds: many }), 'runIds', 'at most 100');
    expectBadRequest(await interval({ runIds: a, maxResults: '0' }), 'maxResults', '1 to 2500');
    expectBadRequest(await interval({ runIds: a, maxResults: '2501' }), 'maxResults');
    expectBadRequest(await interval({ runIds: a, maxResults: 'lots' }), 'maxResults');
    expectBadRequest(await interval({ runIds: a, startStep: '3' }), 'endStep', 'both');
    expectBadRequest(
      await interval({ runIds: a, startStep: '5', endStep: '1' }),
      'endStep',
      'before startStep',
    );
    expectBadRequest(await interval({ runIds: [a, 'f00d'] }), "Run 'f00d' does not exist");
  });

  it('needs READ on every run: 403 for a user without it', async () => {
    const refused = await interval({ runIds: [a] }, 'loss', as('bob'));
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('PERMISSION_DENIED');
    const allowed = await interval({ runIds: [a, b] }, 'loss', as('ada'));
    expect(allowed.status).toBe(200);
  });
});

describe('MLflow GET metrics/get-history-bulk-interval', () => {
  for (const prefix of ['/api/2.0/mlflow', '/ajax-api/2.0/mlflow']) {
    it(`answers MLflow's shape under ${prefix}`, async () => {
      const res = await mlflowGet(prefix, {
        run_ids: [a, b],
        metric_key: 'loss',
        max_results: '2',
      });
      expect(res.status).toBe(200);
      expect(res.json).toEqual({
        metrics: [
          { key: 'loss', value: 0, timestamp: 1000, step: 0, run_id: a },
          { key: 'loss', value: 0.3, timestamp: 1003, step: 3, run_id: a },
          { key: 'loss', value: 0.4, timestamp: 1004, step: 4, run_id: a },
          { key: 'loss', value: 0, timestamp: 1000, step: 0, run_id: b },
          { key: 'loss', value: 1, timestamp: 1010, step: 10, run_id: b },
        ],
      });
    });
  }

  it("refuses what MLflow refuses, with MLflow's messages", async () => {
    const base = '/api/2.0/mlflow';
    const many = Array.from({ length: 101 }, () => a);
    expect(await mlflowGet(base, { run_ids: many, metric_key: 'loss' })).toEqual({
      status: 400,
      json: {
        error_code: 'INVALID_PARAMETER_VALUE',
        message:
          'GetMetricHistoryBulkInterval request must specify between 1 and 100 run_ids. Received 101 run_ids.',
      },
    });
    const tooMany = await mlflowGet(base, { run_ids: a, metric_key: 'loss', max_results: '2501' });
    expect(tooMany.json).toEqual({
      error_code: 'INVALID_PARAMETER_VALUE',
      message: 'max_results must be between 1 and 2500.',
    });
    const backwards = await mlflowGet(base, {
      run_ids: a,
      metric_key: 'loss',
      start_step: '4',
      end_step: '2',
    });
    expect(backwards.json.message).toBe(
      'end_step must be greater than start_step. Found start_step=4 and end_step=2.',
    );
    const unknown = await mlflowGet(base, { run_ids: 'f00d', metric_key: 'loss' });
    expect(unknown).toEqual({
      status: 400,
      json: { error_code: 'INVALID_PARAMETER_VALUE', message: "Run 'f00d' does not exist." },
    });
    const refused = await mlflowGet(base, { run_ids: a, metric_key: 'loss' }, as('bob'));
    expect(refused.status).toBe(403);
    expect(refused.json.error_code).toBe('PERMISSION_DENIED');
  });
});
