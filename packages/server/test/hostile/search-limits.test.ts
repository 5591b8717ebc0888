import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { LIMITS } from '@slipway/core';
import { startMlflowTestApp } from '../mlflow/mlflow-test-app.js';
import type { MlflowTestApp } from '../mlflow/mlflow-test-app.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';

/**
 * Past the SQL engines' own limits (SQLite: 64 tables in a join, ~1,000 levels of expression,
 * 32,766 bound parameters; PostgreSQL: 65,535 bound parameters) a search answered 500. The parsers
 * now refuse more than LIMITS.search allows with a 400 naming the limit, and everything up to the
 * limits works, on both backends, for every MLflow search endpoint.
 */

const { maxFilterClauses, maxOrderByKeys, maxInListItems } = LIMITS.search;

const and = (n: number, clause: (i: number) => string) =>
  Array.from({ length: n }, (_, i) => clause(i)).join(' AND ');
const keys = <T>(n: number, key: (i: number) => T): T[] =>
  Array.from({ length: n }, (_, i) => key(i));
const list = (n: number, from = 0) =>
  `(${Array.from({ length: n }, (_, i) => `'v${from + i}'`).join(',')})`;

function expectLimit(response: LightMyRequestResponse, text: string): void {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(400);
  const body = response.json() as { error_code: string; message: string };
  expect(body.error_code).toBe('INVALID_PARAMETER_VALUE');
  expect(body.message).toContain(text);
}

function expectOk(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body.slice(0, 300)).toBe(200);
}

const TOO_MANY_CONDITIONS = `too many conditions: a filter may combine at most ${maxFilterClauses} with AND`;
const TOO_MANY_KEYS = `at most ${maxOrderByKeys} are allowed`;
const TOO_MANY_VALUES = `a filter may list at most ${maxInListItems} in all`;

for (const backend of SQL_BACKENDS) {
  describe(`search limits (${backend.name})`, () => {
    let t: MlflowTestApp;
    let db: Awaited<ReturnType<typeof backend.create>>;
    let exp: string;
    let runId: string;

    const post = (path: string, body: unknown) => t.call('POST', path, body);
    const get = (path: string, query: Record<string, string | string[]>) => {
      const search = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) {
        for (const v of [value].flat()) search.append(key, v);
      }
      return t.inject({ method: 'GET', url: `/api/2.0/mlflow${path}?${search.toString()}` });
    };

    beforeAll(async () => {
      db = await backend.create();
      t = await startMlflowTestApp({ backendStoreUri: db.uri, bodyLimitBytes: 8 * 1024 * 1024 });
      exp = (
        (
          await post('/experiments/create', { name: 'limits', tags: [{ key: 't0', value: 'x' }] })
        ).json() as { experiment_id: string }
      ).experiment_id;
      runId = (
        (await post('/runs/create', { experiment_id: exp })).json() as {
          run: { info: { run_id: string } };
        }
      ).run.info.run_id;
      // The run matches every condition the at-limit searches below combine.
      const params = keys(maxFilterClauses, (i) => ({ key: `p${i}`, value: 'x' }));
      const metrics = keys(maxOrderByKeys, (i) => ({
        key: `m${i}`,
        value: i,
        timestamp: 1,
        step: 0,
      }));
      expectOk(await post('/runs/log-batch', { run_id: runId, params, metrics }));
      expectOk(
        await post('/registered-models/create', {
          name: 'model',
          tags: keys(maxFilterClauses, (i) => ({ key: `t${i}`, value: 'x' })),
        }),
      );
      expectOk(
        await post('/model-versions/create', { name: 'model', source: `runs:/${runId}/model` }),
      );
    }, 120_000);

    afterAll(async () => {
      await t?.close();
      await db?.dispose();
    });

    describe('conditions', () => {
      it(`runs: ${maxFilterClauses} joined conditions with ${maxOrderByKeys} order keys work`, async () => {
        // The worst case for SQLite: every condition and every order key joins a table.
        const response = await post('/runs/search', {
          experiment_ids: [exp],
          filter: and(maxFilterClauses, (i) => `params.p${i} = 'x'`),
          order_by: keys(maxOrderByKeys, (i) => `metrics.m${i} DESC`),
        });
        expectOk(response);
        expect((response.json() as { runs: unknown[] }).runs).toHaveLength(1);
        expectOk(
          await post('/runs/search', {
            experiment_ids: [exp],
            filter: and(maxFilterClauses, (i) => `metrics.m${i % maxOrderByKeys} >= 0`),
          }),
        );
      });

      it(`runs: ${maxFilterClauses + 1} conditions are refused at the first one too many`, async () => {
        const filter = and(maxFilterClauses + 1, (i) => `params.p${i} = 'x'`);
        const response = await post('/runs/search', { experiment_ids: [exp], filter });
        expectLimit(response, `position ${filter.lastIndexOf('params.')}: ${TOO_MANY_CONDITIONS}`);
        // Far past the limit (where SQLite used to fail), the same answer.
        expectLimit(
          await post('/runs/search', {
            experiment_ids: [exp],
            filter: and(1000, () => `attributes.status = 'RUNNING'`),
          }),
          TOO_MANY_CONDITIONS,
        );
      });

      it('experiments: at the limit works, one more is refused', async () => {
        expectOk(
          await post('/experiments/search', {
            filter: and(maxFilterClauses, () => `tags.t0 = 'x'`),
          }),
        );
        expectLimit(
          await post('/experiments/search', {
            filter: and(maxFilterClauses + 1, () => `tags.t0 = 'x'`),
          }),
          TOO_MANY_CONDITIONS,
        );
      });

      it('registered models: at the limit works, one more is refused', async () => {
        const found = await get('/registered-models/search', {
          filter: and(maxFilterClauses, (i) => `tags.t${i} = 'x'`),
        });
        expectOk(found);
        expect((found.json() as { registered_models: unknown[] }).registered_models).toHaveLength(
          1,
        );
        expectLimit(
          await get('/registered-models/search', {
            filter: and(maxFilterClauses + 1, (i) => `tags.t${i} = 'x'`),
          }),
          TOO_MANY_CONDITIONS,
        );
      });

      it('model versions: at the limit works, one more is refused', async () => {
        const found = await get('/model-versions/search', {
          filter: and(maxFilterClauses, () => `name = 'model'`),
        });
        expectOk(found);
        expect((found.json() as { model_versions: unknown[] }).model_versions).toHaveLength(1);
        expectLimit(
          await get('/model-versions/search', {
            filter: and(maxFilterClauses + 1, () => `name = 'model'`),
          }),
          TOO_MANY_CONDITIONS,
        );
      });

      it('logged models: at the limit works, one more is refused', async () => {
        expectOk(
          await post('/logged-models/search', {
            experiment_ids: [exp],
            filter: and(maxFilterClauses, (i) => `params.p${i} = 'x'`),
          }),
        );
        expectLimit(
          await post('/logged-models/search', {
            experiment_ids: [exp],
            filter: and(maxFilterClauses + 1, (i) => `params.p${i} = 'x'`),
          }),
          TOO_MANY_CONDITIONS,
        );
      });
    });

    describe('order_by keys', () => {
      it(`runs: ${maxOrderByKeys + 1} keys are refused, far more too`, async () => {
        for (const n of [maxOrderByKeys + 1, 200]) {
          expectLimit(
            await post('/runs/search', {
              experiment_ids: [exp],
              order_by: keys(n, (i) => `params.p${i}`),
            }),
            `${n} clauses given, ${TOO_MANY_KEYS}`,
          );
        }
      });

      it('experiments, registered models and versions: more keys than the limit are refused', async () => {
        const many = keys(maxOrderByKeys + 1, () => 'name');
        expectLimit(await post('/experiments/search', { order_by: many }), TOO_MANY_KEYS);
        expectLimit(await get('/registered-models/search', { order_by: many }), TOO_MANY_KEYS);
        expectLimit(await get('/model-versions/search', { order_by: many }), TOO_MANY_KEYS);
        // Distinct keys these entities can be ordered by still work together.
        expectOk(await post('/experiments/search', { order_by: ['name', 'creation_time DESC'] }));
        expectOk(await get('/registered-models/search', { order_by: ['name', 'timestamp DESC'] }));
      });

      it(`logged models: ${maxOrderByKeys} metric keys work, one more is refused`, async () => {
        const fields = (n: number) => keys(n, (i) => ({ field_name: `metrics.m${i}` }));
        expectOk(
          await post('/logged-models/search', {
            experiment_ids: [exp],
            order_by: fields(maxOrderByKeys),
          }),
        );
        expectLimit(
          await post('/logged-models/search', {
            experiment_ids: [exp],
            order_by: fields(maxOrderByKeys + 1),
          }),
          TOO_MANY_KEYS,
        );
      });
    });

    describe('IN values', () => {
      it(`runs: ${maxInListItems} values work, in one list or across lists`, async () => {
        const found = await post('/runs/search', {
          experiment_ids: [exp],
          filter: `attributes.run_id IN ${list(maxInListItems - 1)} AND attributes.run_id IN ('${runId}')`,
        });
        expectOk(found);
        const withRun = `attributes.run_id IN ('${runId}',${list(maxInListItems - 1).slice(1)}`;
        const response = await post('/runs/search', { experiment_ids: [exp], filter: withRun });
        expectOk(response);
        expect((response.json() as { runs: unknown[] }).runs).toHaveLength(1);
        const half = maxInListItems / 2;
        expectOk(
          await post('/runs/search', {
            experiment_ids: [exp],
            filter: `attributes.run_id IN ${list(half)} AND datasets.name NOT IN ${list(half, half)}`,
          }),
        );
      });

      it('runs: one value more is refused, and so are the counts that used to fail', async () => {
        for (const n of [maxInListItems + 1, 32_766, 65_536]) {
          expectLimit(
            await post('/runs/search', {
              experiment_ids: [exp],
              filter: `attributes.run_id IN ${list(n)}`,
            }),
            TOO_MANY_VALUES,
          );
        }
        const half = maxInListItems / 2;
        expectLimit(
          await post('/runs/search', {
            experiment_ids: [exp],
            filter: `attributes.run_id IN ${list(half)} AND datasets.name IN ${list(half + 1, half)}`,
          }),
          TOO_MANY_VALUES,
        );
      });

      it(`model versions: ${maxInListItems} run ids work, one more is refused`, async () => {
        const found = await get('/model-versions/search', {
          filter: `run_id IN ('${runId}',${list(maxInListItems - 1).slice(1)}`,
        });
        expectOk(found);
        expect((found.json() as { model_versions: unknown[] }).model_versions).toHaveLength(1);
        expectLimit(
          await get('/model-versions/search', { filter: `run_id IN ${list(maxInListItems + 1)}` }),
          TOO_MANY_VALUES,
        );
      });
    });
  });
}
