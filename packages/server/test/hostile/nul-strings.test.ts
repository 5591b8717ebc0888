import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InjectOptions } from 'fastify';
import { startMlflowTestApp } from '../mlflow/mlflow-test-app.js';
import type { MlflowTestApp } from '../mlflow/mlflow-test-app.js';
import { SQL_BACKENDS } from '../support/sql-backends.js';

/**
 * PostgreSQL's text cannot hold U+0000, so a NUL in any stored or compared string used to answer
 * 500 there while SQLite stored it. Both now refuse it with the same 400 naming the field, before
 * anything is written. Each case runs on both backends; the answers must be identical.
 */

const NUL = '\u0000';
const X = `x${NUL}y`;

interface Ctx {
  runId: string;
  exp: string;
}

interface Case {
  name: string;
  /** Words the message must contain (the field it names). */
  names: string;
  request: (ctx: Ctx) => InjectOptions;
}

const mlflow = (path: string, body: unknown): InjectOptions => ({
  method: 'POST',
  url: `/api/2.0/mlflow${path}`,
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(body),
});
const mlflowPatch = (path: string, body: unknown): InjectOptions => ({
  ...mlflow(path, body),
  method: 'PATCH',
});
const mlflowGet = (path: string, query: Record<string, string>): InjectOptions => ({
  method: 'GET',
  url: `/api/2.0/mlflow${path}?${new URLSearchParams(query).toString()}`,
});
const native = (method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown): InjectOptions => ({
  method,
  url: `/api/v1${path}`,
  headers: { 'content-type': 'application/json' },
  payload: JSON.stringify(body),
});
const nativeGet = (path: string, query: Record<string, string>): InjectOptions => ({
  method: 'GET',
  url: `/api/v1${path}?${new URLSearchParams(query).toString()}`,
});

const CASES: Case[] = [
  // MLflow experiments
  {
    name: 'experiment name',
    names: "'name'",
    request: () => mlflow('/experiments/create', { name: X }),
  },
  {
    name: 'experiment tag key',
    names: "'tags[0].key'",
    request: () => mlflow('/experiments/create', { name: 'e2', tags: [{ key: X, value: 'v' }] }),
  },
  {
    name: 'experiment tag value',
    names: "'tags[0].value'",
    request: () => mlflow('/experiments/create', { name: 'e2', tags: [{ key: 'k', value: X }] }),
  },
  {
    name: 'experiment artifact location',
    names: "'artifact_location'",
    request: () =>
      mlflow('/experiments/create', { name: 'e2', artifact_location: `mlflow-artifacts:/a${X}` }),
  },
  {
    name: 'experiment rename',
    names: "'new_name'",
    request: (c) => mlflow('/experiments/update', { experiment_id: c.exp, new_name: X }),
  },
  {
    name: 'experiment set-tag value',
    names: "'value'",
    request: (c) =>
      mlflow('/experiments/set-experiment-tag', { experiment_id: c.exp, key: 'k', value: X }),
  },
  {
    name: 'experiment delete-tag key',
    names: "'key'",
    request: (c) => mlflow('/experiments/delete-experiment-tag', { experiment_id: c.exp, key: X }),
  },
  {
    name: 'experiment by name (query)',
    names: "'experiment_name'",
    request: () => mlflowGet('/experiments/get-by-name', { experiment_name: X }),
  },
  {
    name: 'experiment id',
    names: "'experiment_id'",
    request: () => mlflow('/experiments/delete', { experiment_id: `1${NUL}` }),
  },
  {
    name: 'experiment search filter',
    names: "'filter'",
    request: () => mlflow('/experiments/search', { filter: `name = '${X}'` }),
  },
  {
    name: 'experiment search order_by',
    names: "'order_by[0]'",
    request: () => mlflow('/experiments/search', { order_by: [`name${NUL}`] }),
  },
  // MLflow runs
  {
    name: 'run name',
    names: "'run_name'",
    request: (c) => mlflow('/runs/create', { experiment_id: c.exp, run_name: X }),
  },
  {
    name: 'run user id',
    names: "'user_id'",
    request: (c) => mlflow('/runs/create', { experiment_id: c.exp, user_id: X }),
  },
  {
    name: 'run create tag',
    names: "'tags[0].value'",
    request: (c) =>
      mlflow('/runs/create', { experiment_id: c.exp, tags: [{ key: 't', value: X }] }),
  },
  {
    name: 'run rename',
    names: "'run_name'",
    request: (c) => mlflow('/runs/update', { run_id: c.runId, run_name: X }),
  },
  {
    name: 'param key',
    names: "'key'",
    request: (c) => mlflow('/runs/log-parameter', { run_id: c.runId, key: X, value: 'v' }),
  },
  {
    name: 'param value',
    names: "'value'",
    request: (c) => mlflow('/runs/log-parameter', { run_id: c.runId, key: 'p', value: X }),
  },
  {
    name: 'run tag value',
    names: "'value'",
    request: (c) => mlflow('/runs/set-tag', { run_id: c.runId, key: 't', value: X }),
  },
  {
    name: 'run tag key',
    names: "'key'",
    request: (c) => mlflow('/runs/set-tag', { run_id: c.runId, key: X, value: 'v' }),
  },
  {
    name: 'log-batch param value',
    names: "'params[1].value'",
    request: (c) =>
      mlflow('/runs/log-batch', {
        run_id: c.runId,
        params: [
          { key: 'ok', value: 'v' },
          { key: 'p', value: X },
        ],
      }),
  },
  {
    name: 'log-batch tag value',
    names: "'tags[0].value'",
    request: (c) =>
      mlflow('/runs/log-batch', {
        run_id: c.runId,
        metrics: [{ key: 'm', value: 1, timestamp: 1, step: 0 }],
        tags: [{ key: 't', value: X }],
      }),
  },
  {
    name: 'log-batch metric key',
    names: "'metrics[0].key'",
    request: (c) =>
      mlflow('/runs/log-batch', { run_id: c.runId, metrics: [{ key: X, value: 1, timestamp: 1 }] }),
  },
  {
    name: 'metric key',
    names: "'key'",
    request: (c) => mlflow('/runs/log-metric', { run_id: c.runId, key: X, value: 1, timestamp: 1 }),
  },
  {
    name: 'delete-tag key',
    names: "'key'",
    request: (c) => mlflow('/runs/delete-tag', { run_id: c.runId, key: X }),
  },
  {
    name: 'run id (query)',
    names: "'run_id'",
    request: () => mlflowGet('/runs/get', { run_id: `abc${NUL}` }),
  },
  {
    name: 'run search filter',
    names: "'filter'",
    request: (c) =>
      mlflow('/runs/search', { experiment_ids: [c.exp], filter: `params.p = '${X}'` }),
  },
  {
    name: 'run search order_by',
    names: "'order_by[0]'",
    request: (c) =>
      mlflow('/runs/search', { experiment_ids: [c.exp], order_by: [`params.\`${X}\``] }),
  },
  {
    name: 'dataset source',
    names: "'datasets[0].dataset.source'",
    request: (c) =>
      mlflow('/runs/log-inputs', {
        run_id: c.runId,
        datasets: [
          { tags: [], dataset: { name: 'd', digest: 'abc', source_type: 'local', source: X } },
        ],
      }),
  },
  {
    name: 'dataset input tag',
    names: "'datasets[0].tags[0].value'",
    request: (c) =>
      mlflow('/runs/log-inputs', {
        run_id: c.runId,
        datasets: [
          {
            tags: [{ key: 'mlflow.data.context', value: X }],
            dataset: { name: 'd', digest: 'abc', source_type: 'local', source: 's' },
          },
        ],
      }),
  },
  // MLflow registry
  {
    name: 'model name',
    names: "'name'",
    request: () => mlflow('/registered-models/create', { name: X }),
  },
  {
    name: 'model description',
    names: "'description'",
    request: () => mlflow('/registered-models/create', { name: 'm2', description: X }),
  },
  {
    name: 'model tag value',
    names: "'tags[0].value'",
    request: () =>
      mlflow('/registered-models/create', { name: 'm2', tags: [{ key: 'k', value: X }] }),
  },
  {
    name: 'model rename',
    names: "'new_name'",
    request: () => mlflow('/registered-models/rename', { name: 'm', new_name: X }),
  },
  {
    name: 'model update description',
    names: "'description'",
    request: () => mlflowPatch('/registered-models/update', { name: 'm', description: X }),
  },
  {
    name: 'model set-tag value',
    names: "'value'",
    request: () => mlflow('/registered-models/set-tag', { name: 'm', key: 'k', value: X }),
  },
  {
    name: 'model get (query)',
    names: "'name'",
    request: () => mlflowGet('/registered-models/get', { name: X }),
  },
  {
    name: 'model search filter (query)',
    names: "'filter'",
    request: () => mlflowGet('/registered-models/search', { filter: `name = '${X}'` }),
  },
  {
    name: 'alias',
    names: "'alias'",
    request: () => mlflow('/registered-models/alias', { name: 'm', alias: X, version: '1' }),
  },
  {
    name: 'alias lookup (query)',
    names: "'alias'",
    request: () => mlflowGet('/registered-models/alias', { name: 'm', alias: X }),
  },
  {
    name: 'version source',
    names: "'source'",
    request: (c) =>
      mlflow('/model-versions/create', { name: 'm', source: `runs:/${c.runId}/${X}` }),
  },
  {
    name: 'version run link',
    names: "'run_link'",
    request: (c) =>
      mlflow('/model-versions/create', {
        name: 'm',
        source: `runs:/${c.runId}/model`,
        run_link: X,
      }),
  },
  {
    name: 'version description',
    names: "'description'",
    request: () =>
      mlflowPatch('/model-versions/update', { name: 'm', version: '1', description: X }),
  },
  {
    name: 'version tag value',
    names: "'value'",
    request: () =>
      mlflow('/model-versions/set-tag', { name: 'm', version: '1', key: 'k', value: X }),
  },
  {
    name: 'version search filter (query)',
    names: "'filter'",
    request: () => mlflowGet('/model-versions/search', { filter: `run_id = '${X}'` }),
  },
  // MLflow 3 logged models, users
  {
    name: 'logged model name',
    names: "'name'",
    request: (c) => mlflow('/logged-models', { experiment_id: c.exp, name: X }),
  },
  {
    name: 'logged model param value',
    names: "'params[0].value'",
    request: (c) =>
      mlflow('/logged-models', { experiment_id: c.exp, params: [{ key: 'k', value: X }] }),
  },
  {
    name: 'logged model search filter',
    names: "'filter'",
    request: (c) =>
      mlflow('/logged-models/search', { experiment_ids: [c.exp], filter: `name = '${X}'` }),
  },
  {
    name: 'user name',
    names: "'username'",
    request: () => mlflow('/users/create', { username: X, password: 'long-enough-password' }),
  },
  // The native API: refused as the request is parsed, naming the field's path in the request.
  {
    name: 'native experiment name',
    names: "The request body 'name'",
    request: () => native('POST', '/experiments', { name: X }),
  },
  {
    name: 'native experiment tag value',
    names: "The request body 'tags.0.value'",
    request: () => native('POST', '/experiments', { name: 'n2', tags: [{ key: 'k', value: X }] }),
  },
  {
    name: 'native experiment artifact location',
    names: "The request body 'artifactLocation'",
    request: () =>
      native('POST', '/experiments', { name: 'n2', artifactLocation: `mlflow-artifacts:/${X}` }),
  },
  {
    name: 'native run user id',
    names: "The request body 'userId'",
    request: (c) => native('POST', '/runs', { experimentId: c.exp, userId: X }),
  },
  {
    name: 'native param value',
    names: "The request body 'value'",
    request: (c) => native('PUT', `/runs/${c.runId}/params/p`, { value: X }),
  },
  {
    name: 'native log-batch tag value',
    names: "The request body 'tags.0.value'",
    request: (c) =>
      native('POST', `/runs/${c.runId}/log-batch`, {
        params: [{ key: 'fine', value: 'v' }],
        tags: [{ key: 't', value: X }],
      }),
  },
  {
    name: 'native run search filter',
    names: "The request body 'filter'",
    request: (c) =>
      native('POST', '/runs/search', { experimentIds: [c.exp], filter: `tags.t = '${X}'` }),
  },
  {
    name: 'native version source',
    names: "The request body 'source'",
    request: (c) => native('POST', '/models/m/versions', { source: `runs:/${c.runId}/${X}` }),
  },
  {
    name: 'native version run link',
    names: "The request body 'runLink'",
    request: (c) =>
      native('POST', '/models/m/versions', { source: `runs:/${c.runId}/model`, runLink: X }),
  },
  {
    name: 'native model search filter',
    names: "Query parameter 'filter'",
    request: () => nativeGet('/models', { filter: `name LIKE '${X}%'` }),
  },
];

type Answer = { status: number; body: unknown };
const answers = new Map<string, Map<string, Answer>>();

for (const backend of SQL_BACKENDS) {
  describe(`NUL in strings (${backend.name})`, () => {
    let t: MlflowTestApp;
    let db: Awaited<ReturnType<typeof backend.create>>;
    const ctx: Ctx = { runId: '', exp: '' };
    const mine = new Map<string, Answer>();
    answers.set(backend.name, mine);

    beforeAll(async () => {
      db = await backend.create();
      t = await startMlflowTestApp({ backendStoreUri: db.uri });
      ctx.exp = (
        (await t.call('POST', '/experiments/create', { name: 'nul' })).json() as {
          experiment_id: string;
        }
      ).experiment_id;
      ctx.runId = (
        (await t.call('POST', '/runs/create', { experiment_id: ctx.exp })).json() as {
          run: { info: { run_id: string } };
        }
      ).run.info.run_id;
      await t.call('POST', '/registered-models/create', { name: 'm' });
      const version = await t.call('POST', '/model-versions/create', {
        name: 'm',
        source: `runs:/${ctx.runId}/model`,
      });
      expect(version.statusCode, version.body).toBe(200);
    });

    afterAll(async () => {
      await t?.close();
      await db?.dispose();
    });

    /** Everything the cases could have written, as the API reads it back. */
    const snapshot = async () => {
      const get = async (path: string, body?: unknown) =>
        (body === undefined ? await t.call('GET', path) : await t.call('POST', path, body)).json();
      return {
        experiments: await get('/experiments/search', { view_type: 'ALL' }),
        runs: await get('/runs/search', { experiment_ids: [ctx.exp], run_view_type: 'ALL' }),
        models: await get('/registered-models/search'),
        versions: await get('/model-versions/search'),
        loggedModels: await get('/logged-models/search', { experiment_ids: [ctx.exp] }),
        users: await get('/users/list'),
      };
    };

    it(`refuses ${CASES.length} kinds of NUL with a 400 naming the field, writing nothing`, async () => {
      const before = await snapshot();
      for (const c of CASES) {
        const response = await t.inject(c.request(ctx));
        const body: unknown = response.json();
        mine.set(c.name, { status: response.statusCode, body });
        expect(response.statusCode, `${c.name}: ${response.body}`).toBe(400);
        const message = JSON.stringify(body);
        expect(message, c.name).toMatch(
          /NUL|control characters|Invalid (param|tag|metric) name|Invalid alias/u,
        );
        expect(message, c.name).toContain(c.names);
      }
      expect(await snapshot()).toEqual(before);
    });
  });
}

describe('NUL in strings on both backends', () => {
  it('gets the very same answer on SQLite and PostgreSQL', () => {
    const [sqlite, postgres] = SQL_BACKENDS.map((b) => answers.get(b.name));
    expect(sqlite?.size).toBe(CASES.length);
    // Run ids differ between the two databases; everything else must match.
    const normalise = (m: Map<string, Answer> | undefined) =>
      JSON.parse(
        JSON.stringify([...(m ?? new Map()).entries()]).replace(/[0-9a-f]{32}/gu, '<run>'),
      );
    expect(normalise(postgres)).toEqual(normalise(sqlite));
  });
});
