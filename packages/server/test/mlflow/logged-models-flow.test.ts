import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postgresBackend, sqliteBackend } from '../support/sql-backends.js';
import type { MlflowTestApp } from './mlflow-test-app.js';
import { startMlflowTestApp } from './mlflow-test-app.js';

/**
 * What an MLflow 3 Python client sends for `mlflow.sklearn.log_model(clf, name="model")` inside a
 * run, then for registering the result (from `models:/<model id>`, as log_model with
 * registered_model_name does, and from `runs:/<run id>/model`, as mlflow.register_model does), on
 * both SQL backends.
 */

interface LoggedModelJson {
  info: {
    model_id: string;
    experiment_id: string;
    name: string;
    artifact_uri: string;
    status: string;
    source_run_id?: string;
    model_type?: string;
    tags?: Array<{ key: string; value: string }>;
  };
  data: {
    params?: Array<{ key: string; value: string }>;
    metrics?: Array<Record<string, unknown>>;
  };
}

const PROXIED = 'mlflow-artifacts:/';

describe.each([sqliteBackend, postgresBackend])('MLflow 3 log_model flow on $name', (backend) => {
  let t: MlflowTestApp;
  let dispose: () => Promise<void>;
  const json = async (method: string, path: string, body?: unknown) => {
    const response = await t.call(method, path, body);
    expect(response.statusCode, `${method} ${path}: ${response.body}`).toBe(200);
    return response.json() as Record<string, unknown>;
  };
  const proxy = (key: string) => `/api/2.0/mlflow-artifacts/artifacts/${key}`;

  beforeAll(async () => {
    const db = await backend.create();
    dispose = db.dispose;
    t = await startMlflowTestApp({ backendStoreUri: db.uri });
  });

  afterAll(async () => {
    await t?.close();
    await dispose?.();
  });

  it('logs a model to a run, registers it and reads it back', async () => {
    const { experiment_id: exp } = (await json('POST', '/experiments/create', {
      name: 'churn',
    })) as { experiment_id: string };
    const { run } = (await json('POST', '/runs/create', {
      experiment_id: exp,
      start_time: 1_700_000_000_000,
      tags: [{ key: 'mlflow.user', value: 'alice' }],
      run_name: 'logreg',
    })) as { run: { info: { run_id: string } } };
    const runId = run.info.run_id;
    await json('POST', '/runs/log-batch', {
      run_id: runId,
      params: [{ key: 'C', value: '1.0' }],
      metrics: [{ key: 'train_acc', value: 0.91, timestamp: 1_700_000_000_100, step: 0 }],
    });

    // log_model 1: create the logged model (PENDING) with the run as its source.
    const created = (await json('POST', '/logged-models', {
      experiment_id: exp,
      name: 'model',
      source_run_id: runId,
      params: [{ key: 'C', value: '1.0' }],
      tags: [
        { key: 'mlflow.user', value: 'alice' },
        { key: 'mlflow.source.name', value: 'train.py' },
      ],
    })) as { model: LoggedModelJson };
    const modelId = created.model.info.model_id;
    expect(modelId).toMatch(/^m-[0-9a-f]{32}$/u);
    expect(created.model.info).toMatchObject({
      experiment_id: exp,
      name: 'model',
      status: 'LOGGED_MODEL_PENDING',
      source_run_id: runId,
      artifact_uri: `${PROXIED}${exp}/models/${modelId}/artifacts`,
    });

    // log_model 2: record the model as an output of the run.
    await json('POST', '/runs/outputs', {
      run_id: runId,
      models: [{ model_id: modelId, step: 0 }],
    });

    // log_model 3: upload the saved model directory to the model's artifact location.
    const root = created.model.info.artifact_uri.slice(PROXIED.length);
    const pickle = randomBytes(50_000);
    const mlmodel = [
      'artifact_path: model',
      'flavors:',
      '  sklearn:',
      '    pickled_model: model.pkl',
      `model_id: ${modelId}`,
      `run_id: ${runId}`,
      '',
    ].join('\n');
    for (const [name, body] of [
      ['MLmodel', Buffer.from(mlmodel)],
      ['model.pkl', pickle],
      ['requirements.txt', Buffer.from('scikit-learn==1.5.0\n')],
    ] as const) {
      const put = await t.inject({
        method: 'PUT',
        url: proxy(`${root}/${name}`),
        headers: { 'content-type': 'application/octet-stream' },
        payload: body,
      });
      expect(put.statusCode, put.body).toBe(200);
    }

    // log_model 4: finalize READY.
    const finalized = (await json('PATCH', `/logged-models/${modelId}`, {
      model_id: modelId,
      status: 'LOGGED_MODEL_READY',
    })) as { model: LoggedModelJson };
    expect(finalized.model.info.status).toBe('LOGGED_MODEL_READY');

    // Evaluation metrics linked to the model (Metric.model_id) through the run's log-batch.
    await json('POST', '/runs/log-batch', {
      run_id: runId,
      metrics: [
        {
          key: 'test_acc',
          value: 0.88,
          timestamp: 1_700_000_000_200,
          step: 0,
          model_id: modelId,
          dataset_name: 'holdout',
          dataset_digest: '9f8e7d',
        },
      ],
    });
    await json('POST', '/runs/update', { run_id: runId, status: 'FINISHED' });

    // GetRun shows the model among the run's outputs, and the metric as a run metric too.
    const fetched = (await json('GET', `/runs/get?run_id=${runId}`)) as {
      run: {
        outputs?: { model_outputs: Array<{ model_id: string; step: number }> };
        data: { metrics: Array<{ key: string; value: number }> };
      };
    };
    expect(fetched.run.outputs).toEqual({ model_outputs: [{ model_id: modelId, step: 0 }] });
    expect(fetched.run.data.metrics.map((m) => m.key).sort()).toEqual(['test_acc', 'train_acc']);

    const got = (await json('GET', `/logged-models/${modelId}`)) as { model: LoggedModelJson };
    expect(got.model.data).toEqual({
      params: [{ key: 'C', value: '1.0' }],
      metrics: [
        {
          key: 'test_acc',
          value: 0.88,
          timestamp: 1_700_000_000_200,
          step: 0,
          dataset_name: 'holdout',
          dataset_digest: '9f8e7d',
          model_id: modelId,
          run_id: runId,
        },
      ],
    });

    const listing = await json('GET', `/logged-models/${modelId}/artifacts/directories`);
    expect(listing).toEqual({
      root_uri: created.model.info.artifact_uri,
      files: [
        { path: 'MLmodel', is_dir: false, file_size: Buffer.byteLength(mlmodel) },
        { path: 'model.pkl', is_dir: false, file_size: pickle.length },
        { path: 'requirements.txt', is_dir: false, file_size: 20 },
      ],
    });

    // log_model(registered_model_name=...): register models:/<model id> with model_id.
    const registered = await t.call('POST', '/registered-models/create', { name: 'churn-model' });
    expect(registered.statusCode).toBe(200);
    const v1 = (await json('POST', '/model-versions/create', {
      name: 'churn-model',
      source: `models:/${modelId}`,
      model_id: modelId,
    })) as { model_version: Record<string, unknown> };
    expect(v1.model_version).toMatchObject({
      version: '1',
      source: `models:/${modelId}`,
      run_id: runId,
      model_id: modelId,
      status: 'READY',
    });
    // ...and then tags the logged model with the versions it became.
    const versionsTag = JSON.stringify([{ name: 'churn-model', version: '1' }]);
    await json('PATCH', `/logged-models/${modelId}/tags`, {
      model_id: modelId,
      tags: [{ key: 'mlflow.modelVersions', value: versionsTag }],
    });
    const tagged = (await json('GET', `/logged-models/${modelId}`)) as { model: LoggedModelJson };
    expect(tagged.model.info.tags).toContainEqual({
      key: 'mlflow.modelVersions',
      value: versionsTag,
    });

    const version = (await json('GET', '/model-versions/get?name=churn-model&version=1')) as {
      model_version: Record<string, unknown>;
    };
    expect(version.model_version).toMatchObject({ model_id: modelId, run_id: runId });

    // mlflow.pyfunc.load_model("models:/churn-model/1") downloads from the download URI.
    const { artifact_uri: downloadUri } = (await json(
      'GET',
      '/model-versions/get-download-uri?name=churn-model&version=1',
    )) as { artifact_uri: string };
    expect(downloadUri).toBe(created.model.info.artifact_uri);
    const download = await t.inject({
      method: 'GET',
      url: proxy(`${downloadUri.slice(PROXIED.length)}/model.pkl`),
    });
    expect(download.statusCode).toBe(200);
    expect(Buffer.compare(download.rawPayload, pickle)).toBe(0);
    // The registry itself resolves the version's source, so the UI download (and serving) find it.
    const viaRegistry = await t.inject({
      method: 'GET',
      url: '/model-versions/get-artifact?name=churn-model&version=1&path=model.pkl',
    });
    expect(viaRegistry.statusCode).toBe(200);
    expect(Buffer.compare(viaRegistry.rawPayload, pickle)).toBe(0);

    // mlflow.register_model("runs:/<run>/model"): no run artifact there, so the client looks
    // the model up among the experiment's logged models by source run and name.
    const runArtifacts = await json('GET', `/artifacts/list?run_id=${runId}&path=model`);
    expect(runArtifacts.files).toBeUndefined();
    const search = (await json('POST', '/logged-models/search', {
      experiment_ids: [exp],
      filter: `source_run_id = '${runId}' AND name = 'model'`,
    })) as { models: LoggedModelJson[]; next_page_token?: string };
    expect(search.models.map((m) => m.info.model_id)).toEqual([modelId]);
    expect(search.next_page_token).toBeUndefined();
    const v2 = (await json('POST', '/model-versions/create', {
      name: 'churn-model',
      source: `models:/${search.models[0]?.info.model_id}`,
      run_id: runId,
      model_id: modelId,
    })) as { model_version: Record<string, unknown> };
    expect(v2.model_version).toMatchObject({ version: '2', model_id: modelId, run_id: runId });
    const versions = (await json(
      'GET',
      `/model-versions/search?filter=${encodeURIComponent("name='churn-model'")}`,
    )) as { model_versions: Array<Record<string, unknown>> };
    expect(versions.model_versions.map((v) => [v.version, v.model_id]).sort()).toEqual([
      ['1', modelId],
      ['2', modelId],
    ]);
  });
});
