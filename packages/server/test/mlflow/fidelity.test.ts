import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@slipway/core';
import type { LightMyRequestResponse } from 'fastify';
import { postgresBackend, sqliteBackend } from '../support/sql-backends.js';
import type { MlflowTestApp } from './mlflow-test-app.js';
import { ADMIN_PASSWORD, basicAuth, startMlflowTestApp } from './mlflow-test-app.js';

/*
 * Answers MLflow clients depend on, as MLflow's server gives them (handlers.py, the tracking and
 * registry sqlalchemy_store.py, validation.py, server/__init__.py): alias rules, the codes of
 * writes to deleted runs and experiments, unknown API paths, /version and search-datasets.
 */

const ADMIN: Caller = { username: 'admin', isAdmin: true, via: 'system' };
const CAROL = basicAuth('carol', 'carol-password-123');
const ADMIN_AUTH = basicAuth('admin', ADMIN_PASSWORD);

function expectMlflowError(
  response: LightMyRequestResponse,
  status: number,
  code: string,
  message?: string,
): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toMatch(/^application\/json/u);
  const body = response.json() as Record<string, unknown>;
  expect(Object.keys(body).sort()).toEqual(['error_code', 'message']);
  expect(body.error_code).toBe(code);
  if (message !== undefined) expect(body.message).toBe(message);
}

describe.each([sqliteBackend, postgresBackend])('MLflow fidelity on $name', (backend) => {
  let t: MlflowTestApp;
  let dispose: () => Promise<void>;
  let exp: string;
  let run: string;

  const ok = async (method: string, path: string, body?: unknown) => {
    const response = await t.call(method, path, body);
    expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(200);
    return response.json() as Record<string, unknown>;
  };
  const ajax = (method: 'GET' | 'POST', path: string, body?: unknown, authorization = ADMIN_AUTH) =>
    t.inject({
      method,
      url: `/ajax-api/2.0/mlflow${path}`,
      headers: {
        authorization,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
  const newExperiment = async (name: string) =>
    (await ok('POST', '/experiments/create', { name })).experiment_id as string;
  const newRun = async (experimentId: string) =>
    (
      (await ok('POST', '/runs/create', { experiment_id: experimentId })) as {
        run: { info: { run_id: string } };
      }
    ).run.info.run_id;
  const newVersion = async (name: string, path: string) =>
    (
      (await ok('POST', '/model-versions/create', { name, source: `runs:/${run}/${path}` })) as {
        model_version: { version: string };
      }
    ).model_version.version;
  const byAlias = (name: string, alias: string) =>
    t.call(
      'GET',
      `/registered-models/alias?name=${encodeURIComponent(name)}&alias=${encodeURIComponent(alias)}`,
    );

  beforeAll(async () => {
    const db = await backend.create();
    dispose = db.dispose;
    // Authentication on (only the admin), so permissions and /version's credentials are real.
    t = await startMlflowTestApp({ backendStoreUri: db.uri, users: [] });
    await t.platform.users.create(ADMIN, {
      username: 'carol',
      password: 'carol-password-123',
      isAdmin: false,
    });
    exp = await newExperiment('fidelity');
    run = await newRun(exp);
  });

  afterAll(async () => {
    await t?.close();
    await dispose?.();
  });

  describe('aliases', () => {
    beforeAll(async () => {
      await ok('POST', '/registered-models/create', { name: 'aliased' });
      for (const path of ['m1', 'm2', 'm3']) await newVersion('aliased', path);
      await ok('POST', '/registered-models/alias', {
        name: 'aliased',
        alias: 'champion',
        version: '1',
      });
    });

    it('refuses to set latest (any case) and version-like aliases, with MLflow messages', async () => {
      for (const alias of ['latest', 'LaTeSt']) {
        expectMlflowError(
          await t.call('POST', '/registered-models/alias', {
            name: 'aliased',
            alias,
            version: '1',
          }),
          400,
          'INVALID_PARAMETER_VALUE',
          "'latest' alias name (case insensitive) is reserved.",
        );
      }
      for (const alias of ['v1', 'V22']) {
        expectMlflowError(
          await t.call('POST', '/registered-models/alias', {
            name: 'aliased',
            alias,
            version: '1',
          }),
          400,
          'INVALID_PARAMETER_VALUE',
          `Version alias name '${alias}' is reserved.`,
        );
      }
      // Names that merely start like one are fine.
      await ok('POST', '/registered-models/alias', { name: 'aliased', alias: 'v1x', version: '1' });
      await ok('POST', '/registered-models/alias', {
        name: 'aliased',
        alias: 'latest-good',
        version: '2',
      });
    });

    it('resolves latest to the newest version, whatever its stage, in any case', async () => {
      await ok('POST', '/model-versions/transition-stage', {
        name: 'aliased',
        version: '1',
        stage: 'Production',
        archive_existing_versions: false,
      });
      for (const alias of ['latest', 'Latest']) {
        const response = await byAlias('aliased', alias);
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toMatchObject({ model_version: { name: 'aliased', version: '3' } });
      }
      // models:/name@latest resolves the same way for Slipway's own consumers (deployments...).
      const resolved = await t.inject({
        method: 'GET',
        url: `/api/v1/models/resolve?uri=${encodeURIComponent('models:/aliased@latest')}`,
        headers: { authorization: ADMIN_AUTH },
      });
      expect(resolved.statusCode, resolved.body).toBe(200);
      expect(resolved.json()).toMatchObject({ modelVersion: { version: '3' } });
      await ok('DELETE', '/model-versions/delete', { name: 'aliased', version: '3' });
      expect((await byAlias('aliased', 'latest')).json()).toMatchObject({
        model_version: { version: '2' },
      });
    });

    it('answers a missing alias with 400 INVALID_PARAMETER_VALUE, a missing model with 404', async () => {
      expectMlflowError(
        await byAlias('aliased', 'nope'),
        400,
        'INVALID_PARAMETER_VALUE',
        'Registered model alias nope not found.',
      );
      expectMlflowError(
        await byAlias('no-such-model', 'champion'),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        'Registered Model with name=no-such-model not found',
      );
      expectMlflowError(
        await byAlias('no-such-model', 'latest'),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        'Registered Model with name=no-such-model not found',
      );
      await ok('POST', '/registered-models/create', { name: 'empty-model' });
      expectMlflowError(
        await byAlias('empty-model', 'latest'),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        'Latest version not found for model empty-model.',
      );
    });

    it('deletes a missing alias as a no-op, and refuses a missing model', async () => {
      const events = async () =>
        (
          (
            await t.inject({
              method: 'GET',
              url: '/api/v1/models/aliased/history?maxResults=1000',
              headers: { authorization: ADMIN_AUTH },
            })
          ).json() as { events: Array<{ action: string }> }
        ).events.map((e) => e.action);
      const audit = async () =>
        (
          await t.platform.audit.search(ADMIN, {
            resourceType: 'registered_model',
            resourceId: 'aliased',
            action: 'registered_model.alias.delete',
          })
        ).events.length;
      const [historyBefore, auditBefore] = [await events(), await audit()];
      for (let i = 0; i < 2; i++) {
        const response = await t.call('DELETE', '/registered-models/alias', {
          name: 'aliased',
          alias: 'never-set',
        });
        expect(response.statusCode, response.body).toBe(200);
        expect(response.json()).toEqual({});
      }
      // Nothing changed, so nothing is recorded.
      expect(await events()).toEqual(historyBefore);
      expect(await audit()).toBe(auditBefore);
      expectMlflowError(
        await t.call('DELETE', '/registered-models/alias', { name: 'no-such-model', alias: 'a' }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
      );
      // A real deletion is still recorded, and deleting it again is a no-op.
      await ok('DELETE', '/registered-models/alias', { name: 'aliased', alias: 'champion' });
      await ok('DELETE', '/registered-models/alias', { name: 'aliased', alias: 'champion' });
      expect((await events()).filter((a) => a === 'alias_deleted')).toHaveLength(
        historyBefore.filter((a) => a === 'alias_deleted').length + 1,
      );
      expect(await audit()).toBe(auditBefore + 1);
      expectMlflowError(await byAlias('aliased', 'champion'), 400, 'INVALID_PARAMETER_VALUE');
    });
  });

  describe('deleted runs and experiments', () => {
    it('answers writes to a deleted run with INVALID_PARAMETER_VALUE and writes nothing', async () => {
      const runId = await newRun(exp);
      await ok('POST', '/runs/delete', { run_id: runId });
      const message = `The run ${runId} must be in the 'active' state. Current state is deleted.`;
      const writes: Array<[string, Record<string, unknown>]> = [
        ['/runs/log-batch', { metrics: [{ key: 'm', value: 1, timestamp: 1 }] }],
        ['/runs/log-metric', { key: 'm', value: 1, timestamp: 1 }],
        ['/runs/log-parameter', { key: 'p', value: '1' }],
        ['/runs/set-tag', { key: 't', value: '1' }],
        ['/runs/update', { status: 'FINISHED' }],
      ];
      for (const [path, body] of writes) {
        expectMlflowError(
          await t.call('POST', path, { run_id: runId, ...body }),
          400,
          'INVALID_PARAMETER_VALUE',
          message,
        );
      }
      const got = (await ok('GET', `/runs/get?run_id=${runId}`)) as {
        run: { info: { status: string; lifecycle_stage: string }; data: Record<string, unknown> };
      };
      expect(got.run.info).toMatchObject({ status: 'RUNNING', lifecycle_stage: 'deleted' });
      expect(got.run.data.metrics).toBeUndefined();
      expect(got.run.data.params).toBeUndefined();
      expect(JSON.stringify(got.run.data.tags ?? [])).not.toContain('"t"');
    });

    it('deletes a deleted run and restores an active one without complaint, as MLflow', async () => {
      const runId = await newRun(exp);
      await ok('POST', '/runs/restore', { run_id: runId });
      await ok('POST', '/runs/delete', { run_id: runId });
      await ok('POST', '/runs/delete', { run_id: runId });
      const got = (await ok('GET', `/runs/get?run_id=${runId}`)) as {
        run: { info: { lifecycle_stage: string } };
      };
      expect(got.run.info.lifecycle_stage).toBe('deleted');
    });

    it('refuses runs in a deleted experiment; delete twice or restore an active one is 404', async () => {
      const gone = await newExperiment('fidelity-gone');
      await ok('POST', '/experiments/delete', { experiment_id: gone });
      expectMlflowError(
        await t.call('POST', '/runs/create', { experiment_id: gone }),
        400,
        'INVALID_PARAMETER_VALUE',
        `The experiment ${gone} must be in the 'active' state. Current state is deleted.`,
      );
      expectMlflowError(
        await t.call('POST', '/experiments/set-experiment-tag', {
          experiment_id: gone,
          key: 'k',
          value: 'v',
        }),
        400,
        'INVALID_PARAMETER_VALUE',
        `The experiment ${gone} must be in the 'active' state. Current state is deleted.`,
      );
      const notThere = `No Experiment with id=${gone} exists`;
      expectMlflowError(
        await t.call('POST', '/experiments/delete', { experiment_id: gone }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        notThere,
      );
      await ok('POST', '/experiments/restore', { experiment_id: gone });
      expectMlflowError(
        await t.call('POST', '/experiments/restore', { experiment_id: gone }),
        404,
        'RESOURCE_DOES_NOT_EXIST',
        notThere,
      );
      const search = (await ok('POST', '/runs/search', {
        experiment_ids: [gone],
        run_view_type: 'ALL',
      })) as { runs?: unknown[] };
      expect(search.runs).toBeUndefined();
      expect(
        (
          (await ok('GET', `/experiments/get?experiment_id=${gone}`)) as {
            experiment: { lifecycle_stage: string };
          }
        ).experiment.lifecycle_stage,
      ).toBe('active');
    });
  });

  describe('paths', () => {
    it.each([
      ['GET', '/api/2.0/foo'],
      ['POST', '/api/2.0/foo/bar'],
      ['POST', '/api/2.0/mlflow/runs/teleport'],
      ['GET', '/api/2.0'],
      ['GET', '/api/2.0/'],
      ['DELETE', '/ajax-api/2.0/preview/mlflow/runs/get'],
      ['GET', '/ajax-api/2.0/mlflow/traces'],
      ['POST', '/api/2.0/mlflow/experiments/search-datasets'],
      ['PUT', '/api/2.0/mlflow-artifacts/no/such'],
    ])('%s %s answers ENDPOINT_NOT_FOUND, whatever the body', async (method, url) => {
      // A body that is not JSON at all: unknown paths are not parsed.
      const response = await t.inject({
        method: method as 'GET',
        url,
        headers: {
          authorization: ADMIN_AUTH,
          ...(method === 'POST' ? { 'content-type': 'application/json' } : {}),
        },
        ...(method === 'POST' ? { payload: '{"not json' } : {}),
      });
      expectMlflowError(
        response,
        404,
        'ENDPOINT_NOT_FOUND',
        `No API endpoint ${method} ${url.split('?')[0]}.`,
      );
    });

    it('keeps the native 404 shape under /api/v1', async () => {
      const response = await t.inject({
        method: 'GET',
        url: '/api/v1/no-such-thing',
        headers: { authorization: ADMIN_AUTH },
      });
      expect(response.statusCode).toBe(404);
      expect(response.json()).toMatchObject({ error: { code: 'NOT_FOUND' } });
    });

    it('serves /version as plain text, with credentials like any other path', async () => {
      const response = await t.inject({
        method: 'GET',
        url: '/version',
        headers: { authorization: ADMIN_AUTH },
      });
      expect(response.statusCode).toBe(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain/u);
      expect(response.body).toMatch(/^\d+\.\d+\.\d+\S*$/u);
      const anonymous = await t.inject({ method: 'GET', url: '/version' });
      expect(anonymous.statusCode).toBe(401);
    });
  });

  describe('experiments/search-datasets', () => {
    let a: string;
    let b: string;

    beforeAll(async () => {
      a = await newExperiment('datasets-a');
      b = await newExperiment('datasets-b');
      const dataset = (name: string, digest: string) => ({
        name,
        digest,
        source_type: 'local',
        source: `{"uri": "/data/${name}"}`,
      });
      const context = (value: string) => [{ key: 'mlflow.data.context', value }];
      await ok('POST', '/runs/log-inputs', {
        run_id: await newRun(a),
        datasets: [
          { tags: context('training'), dataset: dataset('train', 'd1') },
          { dataset: dataset('raw', 'd0') },
        ],
      });
      await ok('POST', '/runs/log-inputs', {
        run_id: await newRun(a),
        datasets: [{ tags: context('eval'), dataset: dataset('train', 'd1') }],
      });
      await ok('POST', '/runs/log-inputs', {
        run_id: await newRun(b),
        datasets: [{ tags: context('eval'), dataset: dataset('holdout', 'd2') }],
      });
    });

    it('lists the datasets of the experiments asked, with their contexts', async () => {
      const response = await ajax('POST', '/experiments/search-datasets', {
        experiment_ids: [a, b],
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.headers['content-type']).toMatch(/^application\/json/u);
      expect(response.json()).toEqual({
        dataset_summaries: [
          { experiment_id: a, name: 'raw', digest: 'd0' },
          { experiment_id: a, name: 'train', digest: 'd1', context: 'eval' },
          { experiment_id: a, name: 'train', digest: 'd1', context: 'training' },
          { experiment_id: b, name: 'holdout', digest: 'd2', context: 'eval' },
        ],
      });
      const none = await ajax('POST', '/experiments/search-datasets', { experiment_ids: [exp] });
      expect(none.json()).toEqual({});
    });

    it('needs one to twenty decimal experiment ids, as MLflow', async () => {
      expectMlflowError(
        await ajax('POST', '/experiments/search-datasets', {}),
        400,
        'INVALID_PARAMETER_VALUE',
        'SearchDatasets request must specify at least one experiment_id.',
      );
      const many = Array.from({ length: 21 }, (_, i) => String(i + 1));
      expectMlflowError(
        await ajax('POST', '/experiments/search-datasets', { experiment_ids: many }),
        400,
        'INVALID_PARAMETER_VALUE',
        'SearchDatasets request cannot specify more than 20 experiment_ids. Received 21 experiment_ids.',
      );
      expectMlflowError(
        await ajax('POST', '/experiments/search-datasets', { experiment_ids: ['abc'] }),
        400,
        'INVALID_PARAMETER_VALUE',
      );
      expectMlflowError(
        await ajax('GET', '/experiments/search-datasets'),
        404,
        'ENDPOINT_NOT_FOUND',
      );
    });

    it('needs READ on every experiment asked', async () => {
      const readable = await ajax(
        'POST',
        '/experiments/search-datasets',
        { experiment_ids: [a] },
        CAROL,
      );
      expect(readable.statusCode, readable.body).toBe(200);
      await ok('POST', '/experiments/permissions/create', {
        experiment_id: b,
        username: 'carol',
        permission: 'NO_PERMISSIONS',
      });
      expectMlflowError(
        await ajax('POST', '/experiments/search-datasets', { experiment_ids: [a, b] }, CAROL),
        403,
        'PERMISSION_DENIED',
      );
    });
  });
});
