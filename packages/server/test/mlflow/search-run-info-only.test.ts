import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMlflowTestApp, type MlflowTestApp } from './mlflow-test-app.js';

/**
 * `run_info_only` (our extension of MLflow's SearchRuns) returns the same runs in the same order
 * without their metrics, params and tags; without it, or false, runs are complete as in MLflow.
 */
describe('runs/search with run_info_only', () => {
  let t: MlflowTestApp;
  let experimentId: string;

  beforeAll(async () => {
    t = await startMlflowTestApp();
    experimentId = (
      (await t.call('POST', '/experiments/create', { name: 'info-only' })).json() as {
        experiment_id: string;
      }
    ).experiment_id;
    for (let i = 0; i < 3; i++) {
      const { run } = (
        await t.call('POST', '/runs/create', { experiment_id: experimentId, run_name: `r${i}` })
      ).json() as { run: { info: { run_id: string } } };
      const logged = await t.call('POST', '/runs/log-batch', {
        run_id: run.info.run_id,
        metrics: [{ key: 'acc', value: i / 10, timestamp: 1, step: 0 }],
        params: [{ key: 'lr', value: String(i) }],
        tags: [{ key: 'team', value: 'x' }],
      });
      expect(logged.statusCode).toBe(200);
    }
  });

  afterAll(() => t.close());

  const search = async (extra: Record<string, unknown>) => {
    const response = await t.call('POST', '/runs/search', {
      experiment_ids: [experimentId],
      order_by: ['metrics.acc DESC'],
      ...extra,
    });
    expect(response.statusCode, response.body).toBe(200);
    return (
      response.json() as {
        runs: { info: { run_name: string }; data: Record<string, unknown[] | undefined> }[];
      }
    ).runs;
  };

  it('leaves out metrics, params and tags, keeping the order', async () => {
    const runs = await search({ run_info_only: true });
    expect(runs.map((r) => r.info.run_name)).toEqual(['r2', 'r1', 'r0']);
    for (const run of runs) {
      expect(run.data.metrics).toBeUndefined();
      expect(run.data.params).toBeUndefined();
      expect(run.data.tags).toBeUndefined();
    }
  });

  it('returns complete runs by default and when false', async () => {
    for (const extra of [{}, { run_info_only: false }]) {
      const runs = await search(extra);
      expect(runs.map((r) => r.info.run_name)).toEqual(['r2', 'r1', 'r0']);
      expect(runs[0]?.data.params).toEqual([{ key: 'lr', value: '2' }]);
      expect(runs[0]?.data.metrics).toHaveLength(1);
    }
  });

  it('refuses a value that is not a boolean', async () => {
    const response = await t.call('POST', '/runs/search', {
      experiment_ids: [experimentId],
      run_info_only: 'sometimes',
    });
    expect(response.statusCode).toBe(400);
    expect((response.json() as { error_code: string }).error_code).toBe('INVALID_PARAMETER_VALUE');
  });
});
