import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nativeRoutes as r } from '@slipway/core';
import type { Permission } from '@slipway/core';
import { as, call } from '../native/native-harness.js';
import type { NativeHarness } from '../native/native-harness.js';
import {
  allPages,
  basic,
  expectDenied,
  mlflowCall,
  openAccessHarness,
  passwordOf,
} from './access-fixtures.js';

const ALICE = { headers: as('alice') };
const BOB = { headers: as('bob') };

type User = typeof ALICE;

/** An experiment and a run of `who` with a model directory in its artifacts. */
async function runWithModel(h: NativeHarness, who: User, experiment: string) {
  const created = await call(h, r.createExperiment, { body: { name: experiment }, ...who });
  expect(created.status).toBe(201);
  const experimentId: string = created.json.experiment.experimentId;
  const run = await call(h, r.createRun, { body: { experimentId }, ...who });
  const runId: string = run.json.run.info.runId;
  const up = await call(h, r.uploadRunArtifact, {
    params: { runId, path: 'model/weights.bin' },
    payload: `weights of ${experiment}`,
    ...who,
  });
  expect(up.status).toBe(204);
  return { experimentId, runId, artifactUri: run.json.run.info.artifactUri as string };
}

async function createModel(h: NativeHarness, name: string, who: User = BOB) {
  const res = await call(h, r.createRegisteredModel, { body: { name }, ...who });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
}

async function createVersion(h: NativeHarness, name: string, source: string, who: User = BOB) {
  const res = await call(h, r.createModelVersion, { params: { name }, body: { source }, ...who });
  expect(res.status, JSON.stringify(res.json)).toBe(201);
  return res.json.modelVersion.version as string;
}

async function grant(
  h: NativeHarness,
  name: string,
  username: string,
  permission: Permission,
  by: User | Record<string, never> = BOB,
) {
  const res = await call(h, r.setRegisteredModelPermission, {
    params: { name, username },
    body: { permission },
    ...by,
  });
  expect(res.status, JSON.stringify(res.json)).toBe(200);
}

async function grantsOn(h: NativeHarness, name: string): Promise<string[][]> {
  const res = await call(h, r.listRegisteredModelPermissions, { params: { name } });
  expect(res.status).toBe(200);
  return res.json.permissions.map((p: { username: string; permission: string }) => [
    p.username,
    p.permission,
  ]);
}

function modelNames(res: { json: { registeredModels: { name: string }[] } }): string[] {
  return res.json.registeredModels.map((m) => m.name);
}

function versionKeys(res: { json: { modelVersions: { name: string; version: string }[] } }) {
  return res.json.modelVersions.map((v) => `${v.name}/${v.version}`);
}

describe('registered model permissions (default READ)', () => {
  let h: NativeHarness;
  let source: string;
  beforeAll(async () => {
    h = await openAccessHarness({ users: ['bob', 'alice'] });
    const bobs = await runWithModel(h, BOB, 'bob-training');
    source = `runs:/${bobs.runId}/model`;
  });
  afterAll(async () => h?.close());

  /** Bob's model with version 1, alias `champion`, a model tag and a version tag. */
  async function bobsModel(name: string) {
    await createModel(h, name);
    await createVersion(h, name, source);
    const v = { name, version: '1' };
    await call(h, r.setModelAlias, { params: { name, alias: 'champion' }, body: v, ...BOB });
    await call(h, r.setRegisteredModelTag, {
      params: { name, key: 'team' },
      body: { value: 'risk' },
      ...BOB,
    });
    await call(h, r.setModelVersionTag, {
      params: { ...v, key: 'env' },
      body: { value: 'prod' },
      ...BOB,
    });
  }

  it('gives the creator MANAGE on the model', async () => {
    await createModel(h, 'creator-model');
    const listed = await call(h, r.listRegisteredModelPermissions, {
      params: { name: 'creator-model' },
      ...BOB,
    });
    expect(listed.json.permissions).toEqual([
      expect.objectContaining({
        resourceType: 'registered_model',
        resourceId: 'creator-model',
        username: 'bob',
        permission: 'MANAGE',
      }),
    ]);
    expectDenied(
      await call(h, r.listRegisteredModelPermissions, {
        params: { name: 'creator-model' },
        ...ALICE,
      }),
      'MANAGE',
      'READ',
    );
  });

  it('lets READ get versions, aliases, download URIs and search, and change nothing', async () => {
    await bobsModel('read-model');
    const name = 'read-model';
    const v = { name, version: '1' };

    expect((await call(h, r.getRegisteredModel, { params: { name }, ...ALICE })).status).toBe(200);
    const versions = await call(h, r.listModelVersions, { params: { name }, ...ALICE });
    expect(versionKeys(versions)).toEqual(['read-model/1']);
    const got = await call(h, r.getModelVersion, { params: v, ...ALICE });
    expect(got.json.modelVersion).toMatchObject({ source, aliases: ['champion'] });
    const byAlias = await call(h, r.getModelVersionByAlias, {
      params: { name, alias: 'champion' },
      ...ALICE,
    });
    expect(byAlias.json.modelVersion.version).toBe('1');
    const uri = await call(h, r.getModelVersionDownloadUri, { params: v, ...ALICE });
    expect(uri.json.artifactUri).toMatch(/\/artifacts\/model$/u);
    const resolved = await call(h, r.resolveModelUri, {
      query: { uri: 'models:/read-model@champion' },
      ...ALICE,
    });
    expect(resolved.json.modelVersion.version).toBe('1');
    const search = await call(h, r.searchRegisteredModels, {
      query: { filter: "name = 'read-model'" },
      ...ALICE,
    });
    expect(modelNames(search)).toEqual(['read-model']);
    const versionSearch = await call(h, r.searchModelVersions, {
      query: { filter: "name = 'read-model'" },
      ...ALICE,
    });
    expect(versionKeys(versionSearch)).toEqual(['read-model/1']);
    const mlflowGet = await mlflowCall(
      h,
      'GET',
      '/registered-models/get',
      { name },
      basic('alice', passwordOf('alice')),
    );
    expect(mlflowGet.status).toBe(200);

    expectDenied(
      await call(h, r.createModelVersion, { params: { name }, body: { source }, ...ALICE }),
      'EDIT',
      'READ',
    );
    expectDenied(
      await call(h, r.setModelAlias, {
        params: { name, alias: 'mine' },
        body: { version: '1' },
        ...ALICE,
      }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.setRegisteredModelTag, {
        params: { name, key: 'team' },
        body: { value: 'alice' },
        ...ALICE,
      }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.deleteRegisteredModelTag, { params: { name, key: 'team' }, ...ALICE }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.setModelVersionTag, {
        params: { ...v, key: 'env' },
        body: { value: 'dev' },
        ...ALICE,
      }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.transitionModelVersionStage, {
        params: v,
        body: { stage: 'Production' },
        ...ALICE,
      }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.updateModelVersion, { params: v, body: { description: 'x' }, ...ALICE }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.updateRegisteredModel, {
        params: { name },
        body: { description: 'x' },
        ...ALICE,
      }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.updateRegisteredModel, {
        params: { name },
        body: { name: 'stolen' },
        ...ALICE,
      }),
      'EDIT',
    );
    expectDenied(
      await call(h, r.uploadModelFile, {
        params: { name, uploadId: 'alice-upload-1', path: 'model.bin' },
        payload: 'x',
        ...ALICE,
      }),
      'EDIT',
    );
    expectDenied(await call(h, r.deleteModelVersion, { params: v, ...ALICE }), 'MANAGE', 'READ');
    expectDenied(
      await call(h, r.deleteModelAlias, { params: { name, alias: 'champion' }, ...ALICE }),
      'MANAGE',
    );
    expectDenied(
      await call(h, r.deleteModelVersionTag, { params: { ...v, key: 'env' }, ...ALICE }),
      'MANAGE',
    );
    expectDenied(await call(h, r.deleteRegisteredModel, { params: { name }, ...ALICE }), 'MANAGE');

    const after = await call(h, r.getModelVersion, { params: v });
    expect(after.json.modelVersion).toMatchObject({
      currentStage: 'None',
      description: '',
      aliases: ['champion'],
      tags: [{ key: 'env', value: 'prod' }],
    });
    const model = await call(h, r.getRegisteredModel, { params: { name } });
    expect(model.json.registeredModel).toMatchObject({
      description: '',
      tags: [{ key: 'team', value: 'risk' }],
    });
    expect(versionKeys(await call(h, r.listModelVersions, { params: { name } }))).toEqual([
      'read-model/1',
    ]);
  });

  it('lets EDIT add versions, aliases, tags and stages; deleting needs MANAGE', async () => {
    await bobsModel('edit-model');
    const name = 'edit-model';
    await grant(h, name, 'alice', 'EDIT');
    const v1 = { name, version: '1' };

    // A version from bob's run (alice may read his experiment by default) and from an upload.
    expect(await createVersion(h, name, source, ALICE)).toBe('2');
    const upload = await call(h, r.uploadModelFile, {
      params: { name, uploadId: 'alice-upload-2', path: 'model.bin' },
      payload: 'uploaded by alice',
      ...ALICE,
    });
    expect(upload.status).toBe(204);
    expect(
      await createVersion(h, name, 'mlflow-artifacts:/models/edit-model/alice-upload-2', ALICE),
    ).toBe('3');
    const ok = async (res: Promise<{ status: number; json: unknown }>, status: number) => {
      const done = await res;
      expect(done.status, JSON.stringify(done.json)).toBe(status);
    };
    await ok(
      call(h, r.setModelAlias, {
        params: { name, alias: 'challenger' },
        body: { version: '2' },
        ...ALICE,
      }),
      204,
    );
    await ok(
      call(h, r.setRegisteredModelTag, {
        params: { name, key: 'owner' },
        body: { value: 'alice' },
        ...ALICE,
      }),
      204,
    );
    // Deleting a model tag is an update in MLflow's table (a version tag is not).
    await ok(call(h, r.deleteRegisteredModelTag, { params: { name, key: 'team' }, ...ALICE }), 204);
    await ok(
      call(h, r.setModelVersionTag, {
        params: { ...v1, key: 'reviewed' },
        body: { value: 'yes' },
        ...ALICE,
      }),
      204,
    );
    await ok(
      call(h, r.transitionModelVersionStage, {
        params: { name, version: '2' },
        body: { stage: 'Staging' },
        ...ALICE,
      }),
      200,
    );
    await ok(
      call(h, r.updateModelVersion, { params: v1, body: { description: 'checked' }, ...ALICE }),
      200,
    );
    await ok(
      call(h, r.updateRegisteredModel, {
        params: { name },
        body: { description: 'by alice' },
        ...ALICE,
      }),
      200,
    );

    expectDenied(await call(h, r.deleteModelVersion, { params: v1, ...ALICE }), 'MANAGE', 'EDIT');
    expectDenied(
      await call(h, r.deleteModelVersionTag, { params: { ...v1, key: 'env' }, ...ALICE }),
      'MANAGE',
      'EDIT',
    );
    expectDenied(
      await call(h, r.deleteModelAlias, { params: { name, alias: 'champion' }, ...ALICE }),
      'MANAGE',
      'EDIT',
    );
    expectDenied(await call(h, r.deleteRegisteredModel, { params: { name }, ...ALICE }), 'MANAGE');
    expectDenied(
      await call(h, r.listRegisteredModelPermissions, { params: { name }, ...ALICE }),
      'MANAGE',
    );
    expectDenied(
      await call(h, r.setRegisteredModelPermission, {
        params: { name, username: 'alice' },
        body: { permission: 'MANAGE' },
        ...ALICE,
      }),
      'MANAGE',
    );
    // The same through MLflow's API (its basic-auth app answers these the same way).
    const alice = basic('alice', passwordOf('alice'));
    const mlflowDelete = await mlflowCall(
      h,
      'DELETE',
      '/registered-models/alias',
      { name, alias: 'champion' },
      alice,
    );
    expect(mlflowDelete.status).toBe(403);
    expect(mlflowDelete.json.error_code).toBe('PERMISSION_DENIED');
    const mlflowTag = await mlflowCall(
      h,
      'DELETE',
      '/model-versions/delete-tag',
      { name, version: '1', key: 'env' },
      alice,
    );
    expect(mlflowTag.status).toBe(403);

    const after = await call(h, r.getModelVersion, { params: v1 });
    expect(after.json.modelVersion.aliases).toEqual(['champion']);
    expect(after.json.modelVersion.tags).toContainEqual({ key: 'env', value: 'prod' });
    expect(versionKeys(await call(h, r.listModelVersions, { params: { name } }))).toHaveLength(3);
  });

  it('lets MANAGE delete versions, version tags and aliases', async () => {
    await bobsModel('manage-model');
    const name = 'manage-model';
    const v1 = { name, version: '1' };
    await grant(h, name, 'alice', 'MANAGE');
    const status = async (res: Promise<{ status: number }>) => (await res).status;
    expect(
      await status(call(h, r.deleteModelVersionTag, { params: { ...v1, key: 'env' }, ...ALICE })),
    ).toBe(204);
    expect(
      await status(call(h, r.deleteModelAlias, { params: { name, alias: 'champion' }, ...ALICE })),
    ).toBe(204);
    expect(await status(call(h, r.deleteModelVersion, { params: v1, ...ALICE }))).toBe(204);
    expect(
      await status(call(h, r.listRegisteredModelPermissions, { params: { name }, ...ALICE })),
    ).toBe(200);
    expect(await status(call(h, r.deleteRegisteredModel, { params: { name }, ...ALICE }))).toBe(
      204,
    );
  });

  it('keeps the permissions of a renamed model under its new name', async () => {
    await createModel(h, 'ren-a');
    await grant(h, 'ren-a', 'alice', 'EDIT');
    const renamed = await call(h, r.updateRegisteredModel, {
      params: { name: 'ren-a' },
      body: { name: 'ren-b' },
      ...BOB,
    });
    expect(renamed.status).toBe(200);
    expect(await grantsOn(h, 'ren-b')).toEqual([
      ['alice', 'EDIT'],
      ['bob', 'MANAGE'],
    ]);
    expect(await grantsOn(h, 'ren-a')).toEqual([]);
    expect(
      (
        await call(h, r.setRegisteredModelTag, {
          params: { name: 'ren-b', key: 'k' },
          body: { value: 'v' },
          ...ALICE,
        })
      ).status,
    ).toBe(204);
    // Alice renames it herself (EDIT, as in MLflow); her EDIT and bob's MANAGE follow.
    const again = await call(h, r.updateRegisteredModel, {
      params: { name: 'ren-b' },
      body: { name: 'ren-c' },
      ...ALICE,
    });
    expect(again.status).toBe(200);
    expect(await grantsOn(h, 'ren-c')).toEqual([
      ['alice', 'EDIT'],
      ['bob', 'MANAGE'],
    ]);
    expect(
      (await call(h, r.deleteRegisteredModel, { params: { name: 'ren-c' }, ...BOB })).status,
    ).toBe(204);
    // A new model under the old name does not inherit the grants that moved away.
    await createModel(h, 'ren-a');
    expectDenied(
      await call(h, r.setRegisteredModelTag, {
        params: { name: 'ren-a', key: 'k' },
        body: { value: 'v' },
        ...ALICE,
      }),
      'EDIT',
      'READ',
    );
  });

  it('forgets the grants of a deleted model: a new one of that name starts from the default', async () => {
    await createModel(h, 'reborn');
    await grant(h, 'reborn', 'alice', 'EDIT');
    expect(
      (
        await call(h, r.setRegisteredModelTag, {
          params: { name: 'reborn', key: 'k' },
          body: { value: 'v' },
          ...ALICE,
        })
      ).status,
    ).toBe(204);
    expect(
      (await call(h, r.deleteRegisteredModel, { params: { name: 'reborn' }, ...BOB })).status,
    ).toBe(204);
    await createModel(h, 'reborn');
    expectDenied(
      await call(h, r.setRegisteredModelTag, {
        params: { name: 'reborn', key: 'k' },
        body: { value: 'v' },
        ...ALICE,
      }),
      'EDIT',
      'READ',
    );
    expect(await grantsOn(h, 'reborn')).toEqual([['bob', 'MANAGE']]);

    // A refusal does not outlive the model either.
    await createModel(h, 'reborn-2');
    await grant(h, 'reborn-2', 'alice', 'NO_PERMISSIONS');
    expectDenied(
      await call(h, r.getRegisteredModel, { params: { name: 'reborn-2' }, ...ALICE }),
      'READ',
      'NO_PERMISSIONS',
    );
    await call(h, r.deleteRegisteredModel, { params: { name: 'reborn-2' }, ...BOB });
    await createModel(h, 'reborn-2');
    expect(
      (await call(h, r.getRegisteredModel, { params: { name: 'reborn-2' }, ...ALICE })).status,
    ).toBe(200);
  });

  it('hides a model from NO_PERMISSIONS in gets and searches', async () => {
    await bobsModel('secret-model');
    const name = 'secret-model';
    await grant(h, name, 'alice', 'NO_PERMISSIONS');
    expectDenied(
      await call(h, r.getRegisteredModel, { params: { name }, ...ALICE }),
      'READ',
      'NO_PERMISSIONS',
    );
    expectDenied(
      await call(h, r.getModelVersion, { params: { name, version: '1' }, ...ALICE }),
      'READ',
    );
    expectDenied(
      await call(h, r.getModelVersionDownloadUri, { params: { name, version: '1' }, ...ALICE }),
      'READ',
    );
    expectDenied(
      await call(h, r.getModelVersionByAlias, { params: { name, alias: 'champion' }, ...ALICE }),
      'READ',
    );
    expectDenied(
      await call(h, r.resolveModelUri, { query: { uri: 'models:/secret-model/1' }, ...ALICE }),
      'READ',
    );
    const models = await call(h, r.searchRegisteredModels, {
      query: { filter: "name LIKE 'secret-%'" },
      ...ALICE,
    });
    expect(modelNames(models)).toEqual([]);
    const versions = await call(h, r.searchModelVersions, {
      query: { filter: "name = 'secret-model'" },
      ...ALICE,
    });
    expect(versionKeys(versions)).toEqual([]);
    const listed = await call(h, r.listModelVersions, { params: { name }, ...ALICE });
    expect(listed.status === 403 || versionKeys(listed).length === 0).toBe(true);
    const mlflowSearch = await mlflowCall(
      h,
      'GET',
      '/registered-models/search',
      { filter: "name = 'secret-model'" },
      basic('alice', passwordOf('alice')),
    );
    expect(mlflowSearch.json.registered_models ?? []).toEqual([]);
  });

  it('keeps the files of a model named a/b apart from those of a model named a', async () => {
    // Model names may contain '/': uploads are stored under the name as one percent-encoded
    // segment (`models/team%2Fchurn-model/...`), apart from a model 'team' anyone could create;
    // and the proxy serves model uploads to admins only.
    const name = 'team/churn-model';
    const folder = 'models/team%2Fchurn-model';
    await createModel(h, name);
    const stage = async (uploadId: string, body: string, who: User = BOB) =>
      call(h, r.uploadModelFile, {
        params: { name, uploadId, path: 'model.bin' },
        payload: body,
        ...who,
      });
    expect((await stage('bob-upload-0001', 'registered bytes')).status).toBe(204);
    expect((await stage('bob-upload-0002', 'staged bytes')).status).toBe(204);
    await createVersion(h, name, `mlflow-artifacts:/${folder}/bob-upload-0001`);
    await grant(h, name, 'alice', 'NO_PERMISSIONS');
    const alice = basic('alice', passwordOf('alice'));
    const encoded = (path: string) => path.split('/').map(encodeURIComponent).join('/');
    const proxy = (path: string, method: 'GET' | 'PUT' = 'GET', payload?: string) =>
      h.app.inject({
        method,
        url: `/api/2.0/mlflow-artifacts/artifacts/${encoded(path)}`,
        headers: { authorization: alice },
        ...(payload === undefined ? {} : { payload }),
      });

    const read = await proxy(`${folder}/bob-upload-0001/model.bin`);
    expect.soft(read.statusCode, read.body).toBe(403);
    const misread = await proxy('models/team/churn-model/bob-upload-0001/model.bin');
    expect.soft(misread.statusCode, misread.body).toBe(403);
    expect.soft(read.statusCode, read.body).toBe(403);
    const listed = await h.app.inject({
      method: 'GET',
      url: `/api/2.0/mlflow-artifacts/artifacts?path=${encodeURIComponent(`${folder}/bob-upload-0002`)}`,
      headers: { authorization: alice },
    });
    expect.soft(listed.statusCode, listed.body).toBe(403);

    // Alice's own model 'team' gives her no hold on 'team/churn-model'.
    await createModel(h, 'team', ALICE);
    const overwrite = await call(h, r.uploadModelFile, {
      params: { name: 'team', uploadId: 'churn-model', path: 'bob-upload-0002/model.bin' },
      payload: 'written by alice',
      ...ALICE,
    });
    // Her upload id and path spell bob's old folder, but land in her own model's folder.
    expect(overwrite.status, JSON.stringify(overwrite.json)).toBe(204);
    const viaProxy = await proxy(`${folder}/bob-upload-0002/model.bin`, 'PUT', 'written by alice');
    expect.soft(viaProxy.statusCode, viaProxy.body).toBe(403);
    const staged = await h.app.inject({
      method: 'GET',
      url: `/api/2.0/mlflow-artifacts/artifacts/${encoded(`${folder}/bob-upload-0002/model.bin`)}`,
      headers: { authorization: h.defaultHeaders.authorization as string },
    });
    expect.soft(staged.body).toBe('staged bytes');
    // Nor may she make a version of 'team' out of the files of 'team/churn-model'.
    const stolen = await call(h, r.createModelVersion, {
      params: { name: 'team' },
      body: { source: `mlflow-artifacts:/${folder}/bob-upload-0001` },
      ...ALICE,
    });
    expect.soft(stolen.status, JSON.stringify(stolen.json)).toBe(403);
  });

  it("does not hand a renamed model's files to the next model created under its old name", async () => {
    await createModel(h, 'moved');
    const upload = await call(h, r.uploadModelFile, {
      params: { name: 'moved', uploadId: 'moved-upload-1', path: 'model.bin' },
      payload: 'bob model bytes',
      ...BOB,
    });
    expect(upload.status).toBe(204);
    await createVersion(h, 'moved', 'mlflow-artifacts:/models/moved/moved-upload-1');
    await grant(h, 'moved', 'alice', 'NO_PERMISSIONS');
    const renamed = await call(h, r.updateRegisteredModel, {
      params: { name: 'moved' },
      body: { name: 'moved-away' },
      ...BOB,
    });
    expect(renamed.status).toBe(200);
    expectDenied(
      await call(h, r.getModelVersionDownloadUri, {
        params: { name: 'moved-away', version: '1' },
        ...ALICE,
      }),
      'READ',
      'NO_PERMISSIONS',
    );

    // Alice takes the old name; the files of bob's version (now 'moved-away') stay his.
    await createModel(h, 'moved', ALICE);
    const read = await h.app.inject({
      method: 'GET',
      url: '/api/2.0/mlflow-artifacts/artifacts/models/moved/moved-upload-1/model.bin',
      headers: { authorization: basic('alice', passwordOf('alice')) },
    });
    expect.soft(read.statusCode, read.body).toBe(403);
    const copied = await call(h, r.createModelVersion, {
      params: { name: 'moved' },
      body: { source: 'mlflow-artifacts:/models/moved/moved-upload-1' },
      ...ALICE,
    });
    expect.soft(copied.status, JSON.stringify(copied.json)).toBe(403);
  });

  it('refuses to register a version from a run the caller cannot read', async () => {
    const alices = await runWithModel(h, ALICE, 'alice-private');
    const grantBob = await call(h, r.setExperimentPermission, {
      params: { experimentId: alices.experimentId, username: 'bob' },
      body: { permission: 'NO_PERMISSIONS' },
      ...ALICE,
    });
    expect(grantBob.status).toBe(200);
    await createModel(h, 'bob-own');
    const name = 'bob-own';

    const fromRun = await call(h, r.createModelVersion, {
      params: { name },
      body: { source: `runs:/${alices.runId}/model` },
      ...BOB,
    });
    expectDenied(fromRun, 'READ', 'NO_PERMISSIONS');
    expect(fromRun.json.error.message).toContain(`experiment '${alices.experimentId}'`);
    // Naming the run's files by their location, or the run in run_id, is refused the same way.
    expectDenied(
      await call(h, r.createModelVersion, {
        params: { name },
        body: { source: `${alices.artifactUri}/model` },
        ...BOB,
      }),
      'READ',
    );
    expectDenied(
      await call(h, r.createModelVersion, {
        params: { name },
        body: { source: `${alices.artifactUri}/model`, runId: alices.runId },
        ...BOB,
      }),
      'READ',
    );
    const viaMlflow = await mlflowCall(
      h,
      'POST',
      '/model-versions/create',
      { name, source: `runs:/${alices.runId}/model`, run_id: alices.runId },
      basic('bob', passwordOf('bob')),
    );
    expect(viaMlflow.status).toBe(403);
    expect(viaMlflow.json.error_code).toBe('PERMISSION_DENIED');
    expect(versionKeys(await call(h, r.listModelVersions, { params: { name } }))).toEqual([]);

    // Files staged for another model, and registered by none, are nobody else's to register.
    await createModel(h, 'alice-staged', ALICE);
    await grant(h, 'alice-staged', 'bob', 'NO_PERMISSIONS', ALICE);
    await call(h, r.uploadModelFile, {
      params: { name: 'alice-staged', uploadId: 'staged-0001', path: 'model.bin' },
      payload: 'alice staged',
      ...ALICE,
    });
    const taken = await call(h, r.createModelVersion, {
      params: { name },
      body: { source: 'mlflow-artifacts:/models/alice-staged/staged-0001' },
      ...BOB,
    });
    expect(taken.status, JSON.stringify(taken.json)).toBe(400);
    expect(taken.json.error.message).toContain("uploaded for model 'alice-staged'");

    // Once alice lets bob read her experiment, the same request succeeds.
    await call(h, r.deleteExperimentPermission, {
      params: { experimentId: alices.experimentId, username: 'bob' },
      ...ALICE,
    });
    expect(await createVersion(h, name, `runs:/${alices.runId}/model`)).toBe('1');
  });
});

describe('registered models on a server whose default permission is NO_PERMISSIONS', () => {
  let h: NativeHarness;
  beforeAll(async () => {
    h = await openAccessHarness({ users: ['bob', 'alice'], defaultPermission: 'NO_PERMISSIONS' });
    const bobs = await runWithModel(h, BOB, 'bob-np');
    for (const name of ['np-1', 'np-2', 'np-3', 'np-4', 'np-5']) {
      await createModel(h, name);
      await createVersion(h, name, `runs:/${bobs.runId}/model`);
      await createVersion(h, name, `runs:/${bobs.runId}/model`);
    }
    await grant(h, 'np-2', 'alice', 'READ');
    await grant(h, 'np-4', 'alice', 'EDIT');
    await grant(h, 'np-5', 'alice', 'NO_PERMISSIONS');
    await createModel(h, 'np-alice', ALICE);
  });
  afterAll(async () => h?.close());

  it('shows alice only the models she holds a reading permission on, paging exactly', async () => {
    const pages = await allPages(async (pageToken) => {
      const res = await call(h, r.searchRegisteredModels, {
        query: {
          filter: "name LIKE 'np-%'",
          orderBy: 'name ASC',
          maxResults: '1',
          ...(pageToken === undefined ? {} : { pageToken }),
        },
        ...ALICE,
      });
      expect(res.status).toBe(200);
      return { items: modelNames(res), nextPageToken: res.json.nextPageToken };
    });
    expect(pages.flat()).toEqual(['np-2', 'np-4', 'np-alice']);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(1);
    const bobs = await call(h, r.searchRegisteredModels, {
      query: { filter: "name LIKE 'np-%'", orderBy: 'name ASC' },
      ...BOB,
    });
    expect(modelNames(bobs)).toEqual(['np-1', 'np-2', 'np-3', 'np-4', 'np-5']);
    const mlflow = await mlflowCall(
      h,
      'GET',
      '/registered-models/search',
      { filter: "name LIKE 'np-%'", max_results: 100 },
      basic('alice', passwordOf('alice')),
    );
    expect(mlflow.json.registered_models.map((m: { name: string }) => m.name).sort()).toEqual([
      'np-2',
      'np-4',
      'np-alice',
    ]);
  });

  it('shows alice only the versions of those models, paging exactly', async () => {
    const pages = await allPages(async (pageToken) => {
      const res = await call(h, r.searchModelVersions, {
        query: {
          filter: "name LIKE 'np-%'",
          orderBy: ['name ASC', 'version_number ASC'],
          maxResults: '3',
          ...(pageToken === undefined ? {} : { pageToken }),
        },
        ...ALICE,
      });
      expect(res.status, JSON.stringify(res.json)).toBe(200);
      return { items: versionKeys(res), nextPageToken: res.json.nextPageToken };
    });
    expect(pages.flat()).toEqual(['np-2/1', 'np-2/2', 'np-4/1', 'np-4/2']);
    for (const page of pages.slice(0, -1)) expect(page).toHaveLength(3);
    const hidden = await call(h, r.searchModelVersions, {
      query: { filter: "name = 'np-1'" },
      ...ALICE,
    });
    expect(versionKeys(hidden)).toEqual([]);
    const mlflow = await mlflowCall(
      h,
      'GET',
      '/model-versions/search',
      { filter: "name LIKE 'np-%'" },
      basic('alice', passwordOf('alice')),
    );
    expect(
      mlflow.json.model_versions.map((v: { name: string; version: string }) => v.name).sort(),
    ).toEqual(['np-2', 'np-2', 'np-4', 'np-4']);
  });

  it('refuses alice every model she holds nothing on', async () => {
    expectDenied(
      await call(h, r.getRegisteredModel, { params: { name: 'np-1' }, ...ALICE }),
      'READ',
      'NO_PERMISSIONS',
    );
    expectDenied(
      await call(h, r.getModelVersion, { params: { name: 'np-3', version: '1' }, ...ALICE }),
      'READ',
      'NO_PERMISSIONS',
    );
    expect(
      (await call(h, r.getModelVersion, { params: { name: 'np-2', version: '2' }, ...ALICE }))
        .status,
    ).toBe(200);
    // The creator of a model holds MANAGE whatever the default.
    expect(
      (await call(h, r.deleteRegisteredModel, { params: { name: 'np-alice' }, ...ALICE })).status,
    ).toBe(204);
    expect((await call(h, r.getRegisteredModel, { params: { name: 'np-1' } })).status).toBe(200);
  });
});
