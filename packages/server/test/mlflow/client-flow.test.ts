import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend, sqliteBackend } from '../support/sql-backends.js';
import type { MlflowTestApp } from './mlflow-test-app.js';
import { startMlflowTestApp } from './mlflow-test-app.js';

/**
 * The sequence of calls MLflow's Python client makes for a typical training script and model
 * registration, on both SQL backends. Bodies are what the client sends: protobuf JSON with int64 as
 * numbers and non-finite metric values as strings (one request uses Python's bare NaN instead).
 */

interface Run {
  info: { run_id: string; status: string; artifact_uri: string; end_time?: number };
  data: {
    metrics?: Array<{ key: string; value: number | string; step: number }>;
    params?: Array<{ key: string; value: string }>;
    tags?: Array<{ key: string; value: string }>;
  };
}

describe.each([sqliteBackend, postgresBackend])('MLflow client flow on $name', (backend) => {
  let t: MlflowTestApp;
  let dispose: () => Promise<void>;
  const json = async (method: string, path: string, body?: unknown) => {
    const response = await t.call(method, path, body);
    expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(200);
    return response.json() as Record<string, unknown>;
  };
  const proxy = (path: string) => `/api/2.0/mlflow-artifacts/artifacts/${path}`;

  beforeAll(async () => {
    const db = await backend.create();
    // The platform opens its own pool; the helper's connection is only needed to drop the database.
    dispose = db.dispose;
    t = await startMlflowTestApp({ backendStoreUri: db.uri });
  });

  afterAll(async () => {
    await t?.close();
    await dispose?.();
  });

  it('tracks runs, artifacts and registers a model', async () => {
    // mlflow.set_experiment: look up by name, create when missing.
    const missing = await t.call('GET', '/experiments/get-by-name?experiment_name=fraud');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ error_code: 'RESOURCE_DOES_NOT_EXIST' });
    const { experiment_id: exp } = (await json('POST', '/experiments/create', {
      name: 'fraud',
    })) as {
      experiment_id: string;
    };

    // mlflow.start_run
    const created = (await json('POST', '/runs/create', {
      experiment_id: exp,
      start_time: 1_700_000_000_000,
      tags: [
        { key: 'mlflow.user', value: 'alice' },
        { key: 'mlflow.source.name', value: 'train.py' },
      ],
      run_name: 'baseline',
    })) as { run: Run };
    const runId = created.run.info.run_id;
    expect(created.run.info.artifact_uri).toBe(`mlflow-artifacts:/${exp}/${runId}/artifacts`);

    // mlflow.log_params / log_metrics through log-batch, with non-finite values.
    await json('POST', '/runs/log-batch', {
      run_id: runId,
      params: [
        { key: 'max_depth', value: '6' },
        { key: 'eta', value: '0.3' },
      ],
      metrics: [
        { key: 'auc', value: 0.81, timestamp: 1_700_000_000_100, step: 0 },
        { key: 'auc', value: 0.87, timestamp: 1_700_000_000_200, step: 1 },
        { key: 'loss', value: 'NaN', timestamp: 1_700_000_000_100, step: 0 },
        { key: 'loss', value: 'Infinity', timestamp: 1_700_000_000_200, step: 1 },
        { key: 'loss', value: '-Infinity', timestamp: 1_700_000_000_300, step: 2 },
      ],
      tags: [{ key: 'framework', value: 'xgboost' }],
    });
    const bare = await t.call(
      'POST',
      '/runs/log-metric',
      `{"run_id": "${runId}", "key": "grad_norm", "value": NaN, "timestamp": 1700000000400, "step": 0}`,
    );
    expect(bare.statusCode).toBe(200);

    const fetched = ((await json('GET', `/runs/get?run_id=${runId}`)) as { run: Run }).run;
    const latest = Object.fromEntries((fetched.data.metrics ?? []).map((m) => [m.key, m.value]));
    expect(latest).toEqual({ auc: 0.87, loss: '-Infinity', grad_norm: 'NaN' });
    expect(fetched.data.params).toHaveLength(2);
    expect(fetched.data.tags).toEqual(
      expect.arrayContaining([
        { key: 'framework', value: 'xgboost' },
        { key: 'mlflow.runName', value: 'baseline' },
        { key: 'mlflow.user', value: 'alice' },
      ]),
    );

    const history = (await json('GET', `/metrics/get-history?run_id=${runId}&metric_key=loss`)) as {
      metrics: Array<{ value: unknown; step: number }>;
    };
    expect(history.metrics.map((m) => [m.step, m.value])).toEqual([
      [0, 'NaN'],
      [1, 'Infinity'],
      [2, '-Infinity'],
    ]);

    // Artifacts through the proxy, as HttpArtifactRepository does.
    const root = `${exp}/${runId}/artifacts`;
    const onnx = randomBytes(200_000);
    const mlmodel = 'artifact_path: model\nflavors:\n  onnx: {}\n';
    for (const [path, body, type] of [
      [`${root}/model/MLmodel`, Buffer.from(mlmodel), 'text/plain'],
      [`${root}/model/model.onnx`, onnx, 'application/octet-stream'],
      [`${root}/eval/summary.json`, Buffer.from('{"auc": 0.87}'), 'application/json'],
    ] as const) {
      const put = await t.inject({
        method: 'PUT',
        url: proxy(path),
        headers: { 'content-type': type },
        payload: body,
      });
      expect(put.statusCode, put.body).toBe(200);
    }
    const listed = await t.inject({
      method: 'GET',
      url: `/api/2.0/mlflow-artifacts/artifacts?path=${root}/model`,
    });
    expect(listed.json()).toEqual({
      files: [
        { path: 'MLmodel', is_dir: false, file_size: Buffer.byteLength(mlmodel) },
        { path: 'model.onnx', is_dir: false, file_size: onnx.length },
      ],
    });
    const runListing = await json('GET', `/artifacts/list?run_id=${runId}`);
    expect(runListing).toEqual({
      root_uri: `mlflow-artifacts:/${root}`,
      files: [
        { path: 'eval', is_dir: true },
        { path: 'model', is_dir: true },
      ],
    });
    const download = await t.inject({ method: 'GET', url: proxy(`${root}/model/model.onnx`) });
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(Buffer.compare(download.rawPayload, onnx)).toBe(0);

    // mlflow.<flavor>.log_model records the model on the run.
    await json('POST', '/runs/log-model', {
      run_id: runId,
      model_json: JSON.stringify({
        artifact_path: 'model',
        run_id: runId,
        utc_time_created: '2024-05-01 10:00:00.000000',
        flavors: { onnx: { onnx_version: '1.16', data: 'model.onnx' } },
      }),
    });

    // mlflow.end_run
    const ended = (await json('POST', '/runs/update', {
      run_id: runId,
      status: 'FINISHED',
      end_time: 1_700_000_001_000,
    })) as { run_info: Run['info'] };
    expect(ended.run_info).toMatchObject({ status: 'FINISHED', end_time: 1_700_000_001_000 });

    // More runs, then search with filter, order and pages (mlflow.search_runs).
    for (const [i, auc] of [0.7, 0.9, 0.75, 0.95].entries()) {
      const { run } = (await json('POST', '/runs/create', {
        experiment_id: exp,
        start_time: 1_700_000_010_000 + i,
      })) as { run: Run };
      await json('POST', '/runs/log-batch', {
        run_id: run.info.run_id,
        metrics: [{ key: 'auc', value: auc, timestamp: 1_700_000_010_000, step: 0 }],
        params: [{ key: 'max_depth', value: String(4 + i) }],
      });
    }
    const seen: number[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = (await json('POST', '/runs/search', {
        experiment_ids: [exp],
        filter: 'metrics.auc >= 0.75',
        order_by: ['metrics.auc DESC'],
        max_results: 2,
        ...(token ? { page_token: token } : {}),
      })) as { runs?: Run[]; next_page_token?: string };
      for (const run of page.runs ?? []) {
        const auc = run.data.metrics?.find((m) => m.key === 'auc')?.value;
        seen.push(auc as number);
      }
      token = page.next_page_token;
      pages++;
    } while (token && pages < 10);
    expect(seen).toEqual([0.95, 0.9, 0.87, 0.75]);
    expect(pages).toBe(2);

    // mlflow.register_model
    await json('POST', '/registered-models/create', { name: 'fraud-detector' });
    const mv = (await json('POST', '/model-versions/create', {
      name: 'fraud-detector',
      source: `mlflow-artifacts:/${root}/model`,
      run_id: runId,
    })) as { model_version: { version: string; status: string } };
    expect(mv.model_version).toMatchObject({ version: '1', status: 'READY' });

    await json('POST', '/registered-models/alias', {
      name: 'fraud-detector',
      alias: 'champion',
      version: '1',
    });
    const staged = (await json('POST', '/model-versions/transition-stage', {
      name: 'fraud-detector',
      version: '1',
      stage: 'Staging',
      archive_existing_versions: false,
    })) as { model_version: { current_stage: string } };
    expect(staged.model_version.current_stage).toBe('Staging');

    const byAlias = (await json(
      'GET',
      '/registered-models/alias?name=fraud-detector&alias=champion',
    )) as { model_version: { version: string; aliases: string[] } };
    expect(byAlias.model_version).toMatchObject({ version: '1', aliases: ['champion'] });

    const { artifact_uri } = (await json(
      'GET',
      '/model-versions/get-download-uri?name=fraud-detector&version=1',
    )) as { artifact_uri: string };
    expect(artifact_uri).toBe(`mlflow-artifacts:/${root}/model`);
    // The client turns mlflow-artifacts:/<path> into a proxy download.
    const viaUri = await t.inject({
      method: 'GET',
      url: proxy(`${artifact_uri.slice('mlflow-artifacts:/'.length)}/MLmodel`),
    });
    expect(viaUri.body).toBe(mlmodel);
    const viaUi = await t.inject({
      method: 'GET',
      url: '/model-versions/get-artifact?name=fraud-detector&version=1&path=MLmodel',
    });
    expect(viaUi.statusCode).toBe(200);
    expect(viaUi.body).toBe(mlmodel);

    const found = (await json(
      'GET',
      `/model-versions/search?filter=${encodeURIComponent("name='fraud-detector'")}`,
    )) as { model_versions: Array<{ version: string; run_id: string; current_stage: string }> };
    expect(found.model_versions).toEqual([
      expect.objectContaining({ version: '1', run_id: runId, current_stage: 'Staging' }),
    ]);
  });
});
