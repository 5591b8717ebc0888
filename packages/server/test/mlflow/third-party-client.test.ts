import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import type * as MlflowModule from 'mlflow/lib/mlflow.js';
import type { ConstructorProps } from 'mlflow/lib/mlflow.js';
import type * as MlflowEnums from 'mlflow/lib/enum.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SlipwayClient } from '@slipway/sdk';
import { loadServerConfig, startServer } from '../../src/index.js';
import type { RunningServer } from '../../src/index.js';
import { postgresBackend, sqliteBackend } from '../support/sql-backends.js';
import type { TestBackend } from '../support/sql-backends.js';

/**
 * MLflow compatibility checked with a client we did not write: the npm package `mlflow` (an MLflow
 * REST client for Node, on isomorphic-unfetch / node-fetch), against the real server on a port. What
 * it offers (experiments, runs, metrics, params, tags, batches, metric history, run search, artifact
 * listing) is driven through its own methods; the registry, which it has no methods for, through its
 * own request layer (`MLflowBase`), as a user extending it would. Results are read back through the
 * client and through Slipway's native API (the SDK).
 */

// A CommonJS package, loaded with require as its README shows. `require('mlflow')` is the default
// export of lib/mlflow.js, which also exports the request layer the client's classes extend.
const require = createRequire(import.meta.url);
const { default: MLflow, MLflowBase } =
  require('mlflow/lib/mlflow.js') as (typeof MlflowModule)['default'];
const { ViewType, RunStatus } = require('mlflow/enum') as (typeof MlflowEnums)['default'];
type Client = InstanceType<typeof MLflow>;

const ADMIN_PASSWORD = 'a-long-admin-password';
const basic = (user: string, password: string) =>
  `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;

/** What the client threw: it rejects with `Error("Error: {status, statusText, data}")`. */
async function refusal(promise: Promise<unknown>): Promise<{
  status: number;
  data: { error_code?: string; message?: string } | null;
}> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(Error);
  const match = /\{.*\}$/su.exec((err as Error).message);
  expect(match, (err as Error).message).not.toBeNull();
  return JSON.parse(match?.[0] ?? '{}') as {
    status: number;
    data: { error_code?: string; message?: string } | null;
  };
}

/**
 * The registry endpoints, sent through the client's own request layer (it has no methods for them).
 * Methods go upper-case: node-fetch upper-cases GET, POST and DELETE itself but sends 'patch' as
 * given, which HTTP servers refuse (method names are case-sensitive).
 */
class Registry extends MLflowBase {
  constructor(args: ConstructorProps) {
    super(args);
    this.path = '';
  }
  // MLflow's JSON answers, read loosely as the client itself types them.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  call(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, params: object): Promise<any> {
    return this.req(method, path, params) as Promise<unknown>;
  }
}

/** Where the server keeps its metadata, and whether it asks for credentials. */
interface Setup {
  name: string;
  backend: TestBackend;
  auth: boolean;
}

const SETUPS: Setup[] = [
  { name: 'SQLite, authentication off', backend: sqliteBackend, auth: false },
  {
    name: 'PostgreSQL, authentication on (Basic and bearer)',
    backend: postgresBackend,
    auth: true,
  },
];

describe.each(SETUPS)('the npm mlflow client over HTTP: $name', ({ backend, auth }) => {
  let server: RunningServer;
  let dispose: () => Promise<void>;
  let dataDir: string;
  let client: Client;
  let registry: Registry;
  let sdk: SlipwayClient;
  let headers: Record<string, string>;
  /** The JSON bodies the client printed as it sent them (it logs every POST body). */
  const sent: unknown[] = [];

  beforeAll(async () => {
    const db = await backend.create();
    await db.database.close();
    dispose = db.dispose;
    dataDir = mkdtempSync(join(tmpdir(), 'slipway-mlflow-npm-'));
    server = await startServer(
      loadServerConfig(
        {
          port: 0,
          dataDir,
          logLevel: 'silent',
          backendStoreUri: db.uri,
          auth: auth ? 'on' : 'off',
          ...(auth ? { adminPassword: ADMIN_PASSWORD } : {}),
        },
        {},
      ),
    );
    headers = auth ? { Authorization: basic('admin', ADMIN_PASSWORD) } : {};
    client = new MLflow({ endpoint: server.url, headers });
    registry = new Registry({ endpoint: server.url, headers });
    sdk = new SlipwayClient(
      auth
        ? { baseUrl: server.url, username: 'admin', password: ADMIN_PASSWORD }
        : { baseUrl: server.url },
    );
    vi.spyOn(console, 'log').mockImplementation((line: unknown) => {
      try {
        sent.push(typeof line === 'string' ? JSON.parse(line) : line);
      } catch {
        sent.push(line);
      }
    });
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    await server?.close();
    await dispose?.();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('manages experiments', async () => {
    expect(require('mlflow')).toBe(MLflow);
    const { experiment_id: id } = await client.Experiments.create({
      name: 'npm-client',
      artifact_location: undefined as unknown as string,
    });
    expect(id).toMatch(/^\d+$/u);
    const { experiment } = await client.Experiments.get({ experiment_id: id });
    expect(experiment).toMatchObject({
      experiment_id: id,
      name: 'npm-client',
      lifecycle_stage: 'active',
      artifact_location: `mlflow-artifacts:/${id}`,
    });

    await client.Experiments.update({ experiment_id: id, new_name: 'npm-client-renamed' });
    expect((await sdk.experiments.get(id)).name).toBe('npm-client-renamed');
    const duplicate = await refusal(
      client.Experiments.create({ name: 'npm-client-renamed', artifact_location: '' }),
    );
    expect(duplicate).toMatchObject({
      status: 400,
      data: { error_code: 'RESOURCE_ALREADY_EXISTS' },
    });

    await client.Experiments.delete({ experiment_id: id });
    expect((await client.Experiments.get({ experiment_id: id })).experiment.lifecycle_stage).toBe(
      'deleted',
    );
    expect((await sdk.experiments.get(id)).lifecycleStage).toBe('deleted');
    await client.Experiments.restore({ experiment_id: id });
    expect((await sdk.experiments.get(id)).lifecycleStage).toBe('active');

    // The client builds this URL without a slash ('/experiments' + 'set-experiment-tag'), so no
    // MLflow server can answer it; the endpoint itself works through the client's request layer.
    const misspelt = await refusal(
      client.Experiments.setExperimentTag({ experiment_id: id, key: 'team', value: 'risk' }),
    );
    expect(misspelt.status).toBe(404);
    await registry.call('POST', '/experiments/set-experiment-tag', {
      experiment_id: id,
      key: 'team',
      value: 'risk',
    });
    expect((await sdk.experiments.get(id)).tags).toEqual([{ key: 'team', value: 'risk' }]);

    // experiments/list left MLflow's API in 2.0 (experiments/search replaced it): an MLflow 2+
    // server answers 404, with MLflow's error shape, and so does Slipway.
    const listed = await refusal(client.Experiments.list({ view_type: ViewType.ALL }));
    expect(listed).toMatchObject({ status: 404, data: { error_code: 'ENDPOINT_NOT_FOUND' } });

    const missing = await refusal(client.Experiments.get({ experiment_id: '999999' }));
    expect(missing).toMatchObject({ status: 404, data: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
  });

  it('logs runs, metrics, params and tags, and reads them back', async () => {
    const { experiment_id: exp } = await client.Experiments.create({
      name: 'npm-runs',
      artifact_location: '',
    });
    const { run } = await client.Runs.create({
      experiment_id: exp,
      user_id: 'someone-else',
      start_time: 1_700_000_000_000,
      tags: [
        { key: 'mlflow.runName', value: 'baseline' },
        { key: 'team', value: 'risk' },
      ],
    });
    const runId = run.info.run_id;
    expect(run.info).toMatchObject({
      experiment_id: exp,
      status: 'RUNNING',
      start_time: 1_700_000_000_000,
      lifecycle_stage: 'active',
      artifact_uri: `mlflow-artifacts:/${exp}/${runId}/artifacts`,
    });
    // With authentication on, the run belongs to whoever authenticated, whatever the body says.
    expect(run.info.user_id).toBe(auth ? 'admin' : 'someone-else');

    await client.Runs.logMetric({
      run_id: runId,
      key: 'auc',
      value: 0.81,
      timestamp: 1_700_000_000_100,
      step: 0,
    });
    await client.Runs.logMetric({
      run_id: runId,
      key: 'auc',
      value: 0.87,
      timestamp: 1_700_000_000_200,
      step: 1,
    });
    await client.Runs.logParameter({ run_id: runId, key: 'depth', value: '6' });
    await client.Runs.setTag({ run_id: runId, key: 'stage', value: 'draft' });
    await client.Runs.setTag({ run_id: runId, key: 'temporary', value: 'x' });
    await client.Runs.deleteTag({ run_id: runId, key: 'temporary' });
    await client.Runs.logBatch({
      run_id: runId,
      metrics: [
        { key: 'loss', value: 0.5, timestamp: 1_700_000_000_300, step: 0 },
        { key: 'loss', value: 0.25, timestamp: 1_700_000_000_400, step: 1 },
        { key: 'loss', value: 0.125, timestamp: 1_700_000_000_500, step: 2 },
      ],
      params: [
        { key: 'eta', value: '0.3' },
        { key: 'model', value: 'xgboost' },
      ],
      tags: [{ key: 'stage', value: 'final' }],
    });
    // The client sends the deprecated run_uuid beside run_id in every run call.
    expect(sent).toContainEqual(
      expect.objectContaining({ run_id: runId, run_uuid: runId, key: 'depth' }),
    );

    const { run: got } = await client.Runs.get({ run_id: runId });
    const byKey = <T extends { key: string }>(items: T[] | undefined) =>
      [...(items ?? [])].sort((a, b) => a.key.localeCompare(b.key));
    expect(byKey(got.data.metrics).map((m) => [m.key, m.value, m.step])).toEqual([
      ['auc', 0.87, 1],
      ['loss', 0.125, 2],
    ]);
    expect(byKey(got.data.params)).toEqual([
      { key: 'depth', value: '6' },
      { key: 'eta', value: '0.3' },
      { key: 'model', value: 'xgboost' },
    ]);
    const tags = Object.fromEntries((got.data.tags ?? []).map((t) => [t.key, t.value]));
    expect(tags).toMatchObject({ 'mlflow.runName': 'baseline', team: 'risk', stage: 'final' });
    expect(tags).not.toHaveProperty('temporary');

    // The same run through the native API.
    const native = await sdk.runs.get(runId);
    expect(native.info).toMatchObject({
      runId,
      experimentId: exp,
      runName: 'baseline',
      status: 'RUNNING',
    });
    expect(byKey(native.data.params)).toEqual(byKey(got.data.params));
    expect(Object.fromEntries(native.data.tags.map((t) => [t.key, t.value]))).toEqual(tags);

    const { metrics: history } = await client.Metrics.getHistory({
      run_id: runId,
      metric_key: 'loss',
    });
    expect(history.map((m) => [m.step, m.value, m.timestamp])).toEqual([
      [0, 0.5, 1_700_000_000_300],
      [1, 0.25, 1_700_000_000_400],
      [2, 0.125, 1_700_000_000_500],
    ]);
    expect((await sdk.runs.getFullMetricHistory(runId, 'loss')).map((m) => m.value)).toEqual([
      0.5, 0.25, 0.125,
    ]);

    const { run_info: ended } = await client.Runs.update({
      run_id: runId,
      status: RunStatus.FINISHED,
      end_time: 1_700_000_001_000,
    });
    expect(ended).toMatchObject({ run_id: runId, status: 'FINISHED', end_time: 1_700_000_001_000 });
    expect((await sdk.runs.get(runId)).info).toMatchObject({
      status: 'FINISHED',
      endTime: 1_700_000_001_000,
    });

    const missing = await refusal(client.Runs.get({ run_id: 'f'.repeat(32) }));
    expect(missing).toMatchObject({ status: 404, data: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    const badValue = await refusal(
      client.Runs.logMetric({
        run_id: runId,
        key: 'auc',
        value: 'high' as unknown as number,
        timestamp: 1,
      }),
    );
    expect(badValue).toMatchObject({
      status: 400,
      data: { error_code: 'INVALID_PARAMETER_VALUE' },
    });
    // Params cannot change value once logged (MLflow's rule).
    const changed = await refusal(
      client.Runs.logParameter({ run_id: runId, key: 'depth', value: '7' }),
    );
    expect(changed).toMatchObject({ status: 400, data: { error_code: 'INVALID_PARAMETER_VALUE' } });
  });

  it('searches runs with filters, ordering, pages and view types, and deletes and restores them', async () => {
    const { experiment_id: exp } = await client.Experiments.create({
      name: 'npm-search',
      artifact_location: '',
    });
    const ids: string[] = [];
    for (const [i, auc] of [0.7, 0.9, 0.75, 0.95, 0.85].entries()) {
      const { run } = await client.Runs.create({
        experiment_id: exp,
        user_id: 'alice',
        start_time: 1_700_000_010_000 + i,
        tags: [{ key: 'mlflow.runName', value: `r${i}` }],
      });
      ids.push(run.info.run_id);
      await client.Runs.logBatch({
        run_id: run.info.run_id,
        metrics: [{ key: 'auc', value: auc, timestamp: 1_700_000_010_000, step: 0 }],
        params: [{ key: 'depth', value: String(4 + (i % 2)) }],
        tags: [{ key: 'family', value: i % 2 === 0 ? 'trees' : 'linear' }],
      });
    }

    const aucs = (runs: { data: { metrics?: { key: string; value: number }[] } }[] | undefined) =>
      (runs ?? []).map((r) => r.data.metrics?.find((m) => m.key === 'auc')?.value);
    const found: (number | undefined)[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await client.Runs.search({
        experiment_ids: [exp],
        filter: "metrics.auc >= 0.75 and tags.family = 'trees'",
        order_by: ['metrics.auc DESC'],
        max_results: 1,
        ...(token === undefined ? {} : { page_token: token }),
      });
      found.push(...aucs(page.runs));
      token = page.next_page_token === '' ? undefined : page.next_page_token;
      pages += 1;
    } while (token !== undefined && pages < 10);
    expect(found).toEqual([0.85, 0.75]);
    expect(pages).toBeGreaterThanOrEqual(2);

    const byParam = await client.Runs.search({
      experiment_ids: [exp],
      filter: "params.depth = '5' and attributes.status = 'RUNNING'",
      order_by: ['metrics.auc ASC'],
    });
    expect(aucs(byParam.runs)).toEqual([0.9, 0.95]);
    const byName = await client.Runs.search({
      experiment_ids: [exp],
      filter: "attributes.run_name = 'r4'",
    });
    expect(byName.runs?.map((r) => r.info.run_id)).toEqual([ids[4]]);
    const native = await sdk.runs.search({
      experimentIds: [exp],
      filter: "metrics.auc >= 0.75 and tags.family = 'trees'",
      orderBy: ['metrics.auc DESC'],
    });
    expect(native.runs.map((r) => r.info.runId)).toEqual([ids[4], ids[2]]);

    await client.Runs.delete({ run_id: ids[0] as string });
    const active = await client.Runs.search({
      experiment_ids: [exp],
      run_view_type: ViewType.ACTIVE_ONLY,
    });
    expect(active.runs?.map((r) => r.info.run_id).sort()).toEqual(ids.slice(1).sort());
    const deleted = await client.Runs.search({
      experiment_ids: [exp],
      run_view_type: ViewType.DELETED_ONLY,
    });
    expect(deleted.runs?.map((r) => r.info.run_id)).toEqual([ids[0]]);
    expect((await sdk.runs.get(ids[0] as string)).info.lifecycleStage).toBe('deleted');
    const all = await client.Runs.search({ experiment_ids: [exp], run_view_type: ViewType.ALL });
    expect(all.runs).toHaveLength(5);
    await client.Runs.restore({ run_id: ids[0] as string });
    expect((await client.Runs.get({ run_id: ids[0] as string })).run.info.lifecycle_stage).toBe(
      'active',
    );

    const bad = await refusal(
      client.Runs.search({ experiment_ids: [exp], filter: 'metrics.auc >>> 1' }),
    );
    expect(bad).toMatchObject({ status: 400, data: { error_code: 'INVALID_PARAMETER_VALUE' } });
  });

  it('lists the artifacts of a run', async () => {
    const { experiment_id: exp } = await client.Experiments.create({
      name: 'npm-artifacts',
      artifact_location: '',
    });
    const { run } = await client.Runs.create({
      experiment_id: exp,
      user_id: 'alice',
      start_time: 1,
    });
    const runId = run.info.run_id;
    const weights = randomBytes(70_000);
    // The client cannot upload: files go through the artifact proxy, as MLflow's clients send them.
    for (const [path, body] of [
      ['model/MLmodel', Buffer.from('artifact_path: model\n')],
      ['model/weights.bin', weights],
      ['summary.json', Buffer.from('{}')],
    ] as const) {
      const put = await fetch(
        `${server.url}/api/2.0/mlflow-artifacts/artifacts/${exp}/${runId}/artifacts/${path}`,
        {
          method: 'PUT',
          headers: { ...headers, 'content-type': 'application/octet-stream' },
          body,
        },
      );
      expect(put.status).toBe(200);
    }
    const top = await client.Artifacts.list({
      run_id: runId,
      path: undefined as unknown as string,
    });
    expect(top).toEqual({
      root_uri: `mlflow-artifacts:/${exp}/${runId}/artifacts`,
      files: [
        { path: 'model', is_dir: true },
        { path: 'summary.json', is_dir: false, file_size: 2 },
      ],
    });
    const model = await client.Artifacts.list({ run_id: runId, path: 'model' });
    expect(model.files).toEqual([
      { path: 'model/MLmodel', is_dir: false, file_size: 21 },
      { path: 'model/weights.bin', is_dir: false, file_size: weights.length },
    ]);
    expect((await sdk.artifacts.list(runId, 'model')).map((f) => f.path)).toEqual([
      'model/MLmodel',
      'model/weights.bin',
    ]);
    expect(
      Buffer.from(await sdk.artifacts.download(runId, 'model/weights.bin')).equals(weights),
    ).toBe(true);
  });

  it('drives the model registry through the client’s request layer', async () => {
    const { experiment_id: exp } = await client.Experiments.create({
      name: 'npm-registry',
      artifact_location: '',
    });
    const { run } = await client.Runs.create({
      experiment_id: exp,
      user_id: 'alice',
      start_time: 1,
    });
    const runId = run.info.run_id;
    const put = await fetch(
      `${server.url}/api/2.0/mlflow-artifacts/artifacts/${exp}/${runId}/artifacts/model/MLmodel`,
      {
        method: 'PUT',
        headers: { ...headers, 'content-type': 'text/plain' },
        body: 'flavors: {}\n',
      },
    );
    expect(put.status).toBe(200);
    const source = `mlflow-artifacts:/${exp}/${runId}/artifacts/model`;

    const created = await registry.call('POST', '/registered-models/create', {
      name: 'npm-model',
      description: 'first',
      tags: [{ key: 'owner', value: 'risk' }],
    });
    expect(created.registered_model).toMatchObject({ name: 'npm-model', description: 'first' });
    await registry.call('PATCH', '/registered-models/update', {
      name: 'npm-model',
      description: 'second',
    });
    await registry.call('POST', '/registered-models/set-tag', {
      name: 'npm-model',
      key: 'tier',
      value: 'gold',
    });
    await registry.call('POST', '/registered-models/set-tag', {
      name: 'npm-model',
      key: 'drop',
      value: 'me',
    });
    // The client sends DELETE parameters in the query string, never in a body.
    await registry.call('DELETE', '/registered-models/delete-tag', {
      name: 'npm-model',
      key: 'drop',
    });

    const versions: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const { model_version } = await registry.call('POST', '/model-versions/create', {
        name: 'npm-model',
        source,
        run_id: runId,
        description: `v${i + 1}`,
      });
      expect(model_version).toMatchObject({ status: 'READY', source, run_id: runId });
      versions.push(model_version.version);
    }
    expect(versions).toEqual(['1', '2', '3']);
    await registry.call('PATCH', '/model-versions/update', {
      name: 'npm-model',
      version: '2',
      description: 'better',
    });
    await registry.call('POST', '/model-versions/set-tag', {
      name: 'npm-model',
      version: '2',
      key: 'validated',
      value: 'yes',
    });
    await registry.call('POST', '/model-versions/set-tag', {
      name: 'npm-model',
      version: '2',
      key: 'drop',
      value: 'me',
    });
    await registry.call('DELETE', '/model-versions/delete-tag', {
      name: 'npm-model',
      version: '2',
      key: 'drop',
    });

    await registry.call('POST', '/model-versions/transition-stage', {
      name: 'npm-model',
      version: '1',
      stage: 'Production',
      archive_existing_versions: false,
    });
    const staged = await registry.call('POST', '/model-versions/transition-stage', {
      name: 'npm-model',
      version: '2',
      stage: 'Production',
      archive_existing_versions: true,
    });
    expect(staged.model_version).toMatchObject({ version: '2', current_stage: 'Production' });
    const v1 = await registry.call('GET', '/model-versions/get', {
      name: 'npm-model',
      version: '1',
    });
    expect(v1.model_version.current_stage).toBe('Archived');
    const latest = await registry.call('POST', '/registered-models/get-latest-versions', {
      name: 'npm-model',
      stages: ['Production'],
    });
    expect(latest.model_versions.map((v: { version: string }) => v.version)).toEqual(['2']);

    await registry.call('POST', '/registered-models/alias', {
      name: 'npm-model',
      alias: 'champion',
      version: '2',
    });
    await registry.call('POST', '/registered-models/alias', {
      name: 'npm-model',
      alias: 'challenger',
      version: '3',
    });
    const champion = await registry.call('GET', '/registered-models/alias', {
      name: 'npm-model',
      alias: 'champion',
    });
    expect(champion.model_version).toMatchObject({ version: '2', aliases: ['champion'] });
    await registry.call('DELETE', '/registered-models/alias', {
      name: 'npm-model',
      alias: 'challenger',
    });

    const got = await registry.call('GET', '/registered-models/get', { name: 'npm-model' });
    expect(got.registered_model).toMatchObject({
      name: 'npm-model',
      description: 'second',
      aliases: [{ alias: 'champion', version: '2' }],
    });
    expect(got.registered_model.tags).toEqual(
      expect.arrayContaining([
        { key: 'owner', value: 'risk' },
        { key: 'tier', value: 'gold' },
      ]),
    );
    expect(got.registered_model.tags).toHaveLength(2);

    // The same registry through the native API.
    const model = await sdk.models.get('npm-model');
    expect(model).toMatchObject({ name: 'npm-model', description: 'second' });
    expect(model.aliases).toEqual([{ alias: 'champion', version: '2' }]);
    expect(Object.fromEntries(model.tags.map((t) => [t.key, t.value]))).toEqual({
      owner: 'risk',
      tier: 'gold',
    });
    const v2 = await sdk.models.getVersionByAlias('npm-model', 'champion');
    expect(v2).toMatchObject({
      version: '2',
      description: 'better',
      currentStage: 'Production',
      tags: [{ key: 'validated', value: 'yes' }],
      runId,
    });
    expect((await sdk.models.getVersion('npm-model', '1')).currentStage).toBe('Archived');

    const search = await registry.call('GET', '/registered-models/search', {
      filter: "name LIKE 'npm-%'",
    });
    expect(search.registered_models.map((m: { name: string }) => m.name)).toEqual(['npm-model']);
    const searchVersions = await registry.call('GET', '/model-versions/search', {
      filter: `name = 'npm-model' and run_id = '${runId}'`,
    });
    expect(searchVersions.model_versions.map((v: { version: string }) => v.version).sort()).toEqual(
      versions,
    );
    const uri = await registry.call('GET', '/model-versions/get-download-uri', {
      name: 'npm-model',
      version: '2',
    });
    expect(uri.artifact_uri).toBe(source);

    await registry.call('POST', '/registered-models/rename', {
      name: 'npm-model',
      new_name: 'npm-model-2',
    });
    expect((await sdk.models.get('npm-model-2')).aliases).toEqual([
      { alias: 'champion', version: '2' },
    ]);
    await registry.call('DELETE', '/model-versions/delete', { name: 'npm-model-2', version: '3' });
    const gone = await refusal(
      registry.call('GET', '/model-versions/get', { name: 'npm-model-2', version: '3' }),
    );
    expect(gone).toMatchObject({ status: 404, data: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    await registry.call('DELETE', '/registered-models/delete', { name: 'npm-model-2' });
    const deleted = await refusal(
      registry.call('GET', '/registered-models/get', { name: 'npm-model-2' }),
    );
    expect(deleted).toMatchObject({ status: 404, data: { error_code: 'RESOURCE_DOES_NOT_EXIST' } });
    await expect(sdk.models.get('npm-model-2')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  // Only where authentication is on (declared there alone, so the other server skips nothing).
  if (!auth) return;
  it('authenticates with Basic credentials or a bearer token, and refuses without', async () => {
    const anonymous = new MLflow({ endpoint: server.url });
    const refused = await refusal(anonymous.Experiments.get({ experiment_id: '0' }));
    expect(refused.status).toBe(401);
    const wrong = new MLflow({
      endpoint: server.url,
      headers: { Authorization: basic('admin', 'not-the-password') },
    });
    expect((await refusal(wrong.Runs.search({ experiment_ids: ['0'] }))).status).toBe(401);

    const { secret } = await sdk.tokens.create({ name: 'npm-client' });
    const bearer = new MLflow({
      endpoint: server.url,
      headers: { Authorization: `Bearer ${secret}` },
    });
    const { run } = await bearer.Runs.create({
      experiment_id: '0',
      user_id: 'mallory',
      start_time: 5,
    });
    expect(run.info.user_id).toBe('admin');
    await bearer.Runs.logMetric({ run_id: run.info.run_id, key: 'm', value: 1, timestamp: 5 });
    expect((await sdk.runs.get(run.info.run_id)).data.metrics.map((m) => m.key)).toEqual(['m']);
  });
});
