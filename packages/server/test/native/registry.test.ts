import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import { as, call, openNativeHarness } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

let h: NativeHarness;
let runId: string;
let artifactUri: string;

beforeAll(async () => {
  h = await openNativeHarness({ users: ['ada', 'bob', 'cy', 'dee'], admins: true });
  const run = await call(h, r.createRun, { body: {} });
  runId = run.json.run.info.runId;
  artifactUri = run.json.run.info.artifactUri;
});
afterAll(async () => h.close());

async function createModel(name: string): Promise<void> {
  const res = await call(h, r.createRegisteredModel, {
    body: { name, description: 'first', tags: [{ key: 'team', value: 'risk' }] },
    headers: as('ada'),
  });
  expect(res.status).toBe(201);
}

async function createVersion(name: string, source = `runs:/${runId}/model`): Promise<string> {
  const res = await call(h, r.createModelVersion, { params: { name }, body: { source } });
  expect(res.status).toBe(201);
  return res.json.modelVersion.version;
}

describe('registered models', () => {
  it('creates, reads, updates, renames and deletes a model', async () => {
    await createModel('fraud');
    const got = await call(h, r.getRegisteredModel, { params: { name: 'fraud' } });
    expect(got.json.registeredModel).toMatchObject({
      name: 'fraud',
      description: 'first',
      userId: 'ada',
      tags: [{ key: 'team', value: 'risk' }],
      latestVersions: [],
      aliases: [],
    });
    const dup = await call(h, r.createRegisteredModel, { body: { name: 'fraud' } });
    expect(dup.status).toBe(409);

    const described = await call(h, r.updateRegisteredModel, {
      params: { name: 'fraud' },
      body: { description: 'second' },
    });
    expect(described.json.registeredModel.description).toBe('second');
    const renamed = await call(h, r.updateRegisteredModel, {
      params: { name: 'fraud' },
      body: { name: 'fraud-v2' },
    });
    expect(renamed.json.registeredModel.name).toBe('fraud-v2');
    expect((await call(h, r.getRegisteredModel, { params: { name: 'fraud' } })).status).toBe(404);
    const both = await call(h, r.updateRegisteredModel, {
      params: { name: 'fraud-v2' },
      body: { name: 'x', description: 'y' },
    });
    expect(both.status).toBe(400);
    expect(both.json.error.message).toContain('exactly one');

    expect((await call(h, r.deleteRegisteredModel, { params: { name: 'fraud-v2' } })).status).toBe(
      204,
    );
    expect((await call(h, r.getRegisteredModel, { params: { name: 'fraud-v2' } })).status).toBe(
      404,
    );
  });

  it('handles names with slashes through percent-encoding', async () => {
    await createModel('team/churn');
    const got = await call(h, r.getRegisteredModel, { params: { name: 'team/churn' } });
    expect(got.json.registeredModel.name).toBe('team/churn');
    const version = await createVersion('team/churn');
    expect(version).toBe('1');
  });

  it('searches models with a filter', async () => {
    await createModel('search-a');
    await createModel('search-b');
    const res = await call(h, r.searchRegisteredModels, {
      query: { filter: "name LIKE 'search-%'", orderBy: 'name DESC' },
    });
    expect(res.json.registeredModels.map((m: { name: string }) => m.name)).toEqual([
      'search-b',
      'search-a',
    ]);
  });

  it('sets and deletes model tags', async () => {
    await createModel('tags-model');
    const params = { name: 'tags-model', key: 'owner/email' };
    expect(
      (await call(h, r.setRegisteredModelTag, { params, body: { value: 'a@b' } })).status,
    ).toBe(204);
    let got = await call(h, r.getRegisteredModel, { params: { name: 'tags-model' } });
    expect(got.json.registeredModel.tags).toContainEqual({ key: 'owner/email', value: 'a@b' });
    expect((await call(h, r.deleteRegisteredModelTag, { params })).status).toBe(204);
    got = await call(h, r.getRegisteredModel, { params: { name: 'tags-model' } });
    expect(got.json.registeredModel.tags).toEqual([{ key: 'team', value: 'risk' }]);
  });
});

describe('model versions', () => {
  it('creates versions from a run and resolves their download URI', async () => {
    await createModel('from-run');
    const res = await call(h, r.createModelVersion, {
      params: { name: 'from-run' },
      body: { source: `runs:/${runId}/model`, description: 'v1' },
      headers: as('bob'),
    });
    expect(res.json.modelVersion).toMatchObject({
      name: 'from-run',
      version: '1',
      runId,
      source: `runs:/${runId}/model`,
      status: 'READY',
      currentStage: 'None',
      userId: 'bob',
      description: 'v1',
    });
    const uri = await call(h, r.getModelVersionDownloadUri, {
      params: { name: 'from-run', version: '1' },
    });
    expect(uri.json.artifactUri).toBe(`${artifactUri}/model`);
    const missingRun = await call(h, r.createModelVersion, {
      params: { name: 'from-run' },
      body: { source: 'runs:/0123456789abcdef/model' },
    });
    expect(missingRun.status).toBe(404);
    const noModel = await call(h, r.createModelVersion, {
      params: { name: 'nope' },
      body: { source: 'runs:/x/model' },
    });
    expect(noModel.status).toBe(404);
  });

  it('creates a version from uploaded files', async () => {
    await createModel('uploaded');
    const uploadId = 'b7c1d2e3f4a5';
    const files = { 'model.onnx': 'ONNX-BYTES', 'extra/schema.json': '{"x": 1}' };
    for (const [path, content] of Object.entries(files)) {
      const res = await call(h, r.uploadModelFile, {
        params: { name: 'uploaded', uploadId, path },
        payload: content,
        headers: { 'content-type': 'application/json' },
      });
      expect(res.status).toBe(204);
    }
    const source = `mlflow-artifacts:/models/uploaded/${uploadId}`;
    const created = await call(h, r.createModelVersion, {
      params: { name: 'uploaded' },
      body: { source },
    });
    expect(created.json.modelVersion.source).toBe(source);
    const uri = await call(h, r.getModelVersionDownloadUri, {
      params: { name: 'uploaded', version: '1' },
    });
    expect(uri.json.artifactUri).toBe(source);
    // The files are where the source says, byte for byte.
    for (const [path, content] of Object.entries(files)) {
      const stream = await h.platform.artifacts.getChecked(`models/uploaded/${uploadId}/${path}`);
      const chunks: Buffer[] = [];
      for await (const chunk of stream) chunks.push(chunk as Buffer);
      expect(Buffer.concat(chunks).toString('utf8')).toBe(content);
    }
  });

  it('refuses uploads for unknown models and bad upload ids', async () => {
    const unknown = await call(h, r.uploadModelFile, {
      params: { name: 'ghost', uploadId: 'abcdefgh12', path: 'm.bin' },
      payload: 'x',
    });
    expect(unknown.status).toBe(404);
    await createModel('upload-checks');
    const badId = await call(h, r.uploadModelFile, {
      params: { name: 'upload-checks', uploadId: 'a.b', path: 'm.bin' },
      payload: 'x',
    });
    expect(badId.status).toBe(400);
    expect(badId.json.error.message).toContain("'uploadId'");
  });

  it('gets, updates, tags, transitions, lists and deletes versions', async () => {
    await createModel('lifecycle');
    await createVersion('lifecycle');
    await createVersion('lifecycle');
    const params = { name: 'lifecycle', version: '2' };
    const got = await call(h, r.getModelVersion, { params });
    expect(got.json.modelVersion.version).toBe('2');
    const updated = await call(h, r.updateModelVersion, {
      params,
      body: { description: 'better' },
    });
    expect(updated.json.modelVersion.description).toBe('better');

    const tagParams = { ...params, key: 'validated' };
    await call(h, r.setModelVersionTag, { params: tagParams, body: { value: 'yes' } });
    expect((await call(h, r.getModelVersion, { params })).json.modelVersion.tags).toEqual([
      { key: 'validated', value: 'yes' },
    ]);
    expect((await call(h, r.deleteModelVersionTag, { params: tagParams })).status).toBe(204);
    expect((await call(h, r.getModelVersion, { params })).json.modelVersion.tags).toEqual([]);

    await call(h, r.transitionModelVersionStage, {
      params: { name: 'lifecycle', version: '1' },
      body: { stage: 'Production' },
    });
    const moved = await call(h, r.transitionModelVersionStage, {
      params,
      body: { stage: 'production', archiveExistingVersions: true },
    });
    expect(moved.json.modelVersion.currentStage).toBe('Production');
    const v1 = await call(h, r.getModelVersion, { params: { name: 'lifecycle', version: '1' } });
    expect(v1.json.modelVersion.currentStage).toBe('Archived');
    const badStage = await call(h, r.transitionModelVersionStage, {
      params,
      body: { stage: 'Live' },
    });
    expect(badStage.status).toBe(400);

    await createModel('lifecycle-other');
    await createVersion('lifecycle-other');
    const listed = await call(h, r.listModelVersions, {
      params: { name: 'lifecycle' },
      query: { orderBy: 'version_number DESC' },
    });
    expect(
      listed.json.modelVersions.map((v: { name: string; version: string }) => [v.name, v.version]),
    ).toEqual([
      ['lifecycle', '2'],
      ['lifecycle', '1'],
    ]);
    const filtered = await call(h, r.listModelVersions, {
      params: { name: 'lifecycle' },
      query: { filter: "current_stage = 'Archived'" },
    });
    expect(filtered.json.modelVersions.map((v: { version: string }) => v.version)).toEqual(['1']);
    const global = await call(h, r.searchModelVersions, {
      query: { filter: "name LIKE 'lifecycle%'" },
    });
    expect(global.json.modelVersions).toHaveLength(3);

    expect((await call(h, r.deleteModelVersion, { params })).status).toBe(204);
    expect((await call(h, r.getModelVersion, { params })).status).toBe(404);
    const badVersion = await call(h, r.getModelVersion, {
      params: { name: 'lifecycle', version: 'two' },
    });
    expect(badVersion.status).toBe(400);
  });

  it('sets, resolves and deletes aliases; resolves version and latest URIs', async () => {
    await createModel('aliased');
    await createVersion('aliased');
    await createVersion('aliased');
    await createVersion('aliased');
    const alias = { name: 'aliased', alias: 'champion' };
    expect((await call(h, r.setModelAlias, { params: alias, body: { version: '2' } })).status).toBe(
      204,
    );
    const byAlias = await call(h, r.getModelVersionByAlias, { params: alias });
    expect(byAlias.json.modelVersion.version).toBe('2');
    expect(byAlias.json.modelVersion.aliases).toEqual(['champion']);

    const resolve = async (uri: string) =>
      (await call(h, r.resolveModelUri, { query: { uri } })).json.modelVersion?.version;
    expect(await resolve('models:/aliased@champion')).toBe('2');
    expect(await resolve('models:/aliased/1')).toBe('1');
    expect(await resolve('models:/aliased/latest')).toBe('3');
    const badUri = await call(h, r.resolveModelUri, { query: { uri: 'runs:/x' } });
    expect(badUri.status).toBe(400);

    const reserved = await call(h, r.setModelAlias, {
      params: { name: 'aliased', alias: 'latest' },
      body: { version: '1' },
    });
    expect(reserved.status).toBe(400);
    expect(await resolve('models:/aliased@latest')).toBe('3');
    expect((await call(h, r.deleteModelAlias, { params: alias })).status).toBe(204);
    // As MLflow: a missing alias is a bad argument (400), deleting it again a no-op.
    const gone = await call(h, r.resolveModelUri, { query: { uri: 'models:/aliased@champion' } });
    expect(gone.status).toBe(400);
    expect(gone.json.error.message).toBe('Registered model alias champion not found.');
    expect((await call(h, r.deleteModelAlias, { params: alias })).status).toBe(204);
    const noModel = await call(h, r.resolveModelUri, { query: { uri: 'models:/ghost@champion' } });
    expect(noModel.status).toBe(404);
  });

  it('keeps an audit history with actors, oldest first, paged', async () => {
    await call(h, r.createRegisteredModel, { body: { name: 'audited' }, headers: as('ada') });
    await call(h, r.createModelVersion, {
      params: { name: 'audited' },
      body: { source: `runs:/${runId}/model` },
      headers: as('bob'),
    });
    await call(h, r.setModelAlias, {
      params: { name: 'audited', alias: 'prod' },
      body: { version: '1' },
      headers: as('cy'),
    });
    await call(h, r.transitionModelVersionStage, {
      params: { name: 'audited', version: '1' },
      body: { stage: 'Staging' },
      headers: as('dee'),
    });
    const history = await call(h, r.getModelHistory, { params: { name: 'audited' } });
    expect(
      history.json.events.map((e: { action: string; actor: string }) => [e.action, e.actor]),
    ).toEqual([
      ['model_created', 'ada'],
      ['version_created', 'bob'],
      ['alias_set', 'cy'],
      ['stage_transitioned', 'dee'],
    ]);
    const stage = history.json.events[3];
    expect(stage).toMatchObject({ version: '1', from: 'None', to: 'Staging' });
    const page = await call(h, r.getModelHistory, {
      params: { name: 'audited' },
      query: { maxResults: '3' },
    });
    expect(page.json.events).toHaveLength(3);
    const rest = await call(h, r.getModelHistory, {
      params: { name: 'audited' },
      query: { maxResults: '3', pageToken: page.json.nextPageToken },
    });
    expect(rest.json.events.map((e: { action: string }) => e.action)).toEqual([
      'stage_transitioned',
    ]);
  });
});
