import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modelUploadLocation } from '@slipway/core';
import { SQL_BACKENDS } from '../support/sql-backends.js';
import {
  constantPredictor,
  openDeploymentHarness,
} from '../deployments/support/deployment-harness.js';
import type { DeploymentHarness } from '../deployments/support/deployment-harness.js';
import {
  expectFiles,
  expectRefusedMlflow,
  expectRefusedNative,
  expectedDigest,
  getVersion,
  mlflow,
  proxy,
  raw,
  uploadIdOf,
  versionFile,
} from './immutable-fixtures.js';
import type { VersionFile } from './immutable-fixtures.js';

/**
 * ADR 0011 § Immutable versions, end to end over HTTP on a real platform: registration digests
 * the files, every write path (upload id reuse, the MLflow proxy, run artifact uploads) refuses to
 * change them, loading refuses files changed behind Slipway's back, and deleting the last version
 * at a location lifts the protection.
 */

const ROW = Array.from({ length: 30 }, () => 0);
const DIGEST = /^sha256:[0-9a-f]{64}$/u;

describe.each(SQL_BACKENDS)('immutable model versions on $name', (backend) => {
  let dispose: () => Promise<void>;
  let uri: string;
  let artifactsDir: string;
  let h: DeploymentHarness;
  /** Servers opened by a test on the same stores; closed at the end. */
  const others: DeploymentHarness[] = [];

  /** Another server on the same database and artifact store, with its own (empty) model cache. */
  const server = async () => {
    const opened = await openDeploymentHarness({
      backendStoreUri: uri,
      artifactsUri: `file:${artifactsDir}`,
      deploymentSyncIntervalMs: 0,
      users: [],
    });
    others.push(opened);
    return opened;
  };

  beforeAll(async () => {
    const created = await backend.create();
    uri = created.uri;
    dispose = created.dispose;
    artifactsDir = await mkdtemp(join(tmpdir(), 'slipway-immutable-'));
    h = await openDeploymentHarness({
      backendStoreUri: uri,
      artifactsUri: `file:${artifactsDir}`,
      deploymentSyncIntervalMs: 0,
      users: [],
    });
  });

  afterAll(async () => {
    for (const other of others) await other.close();
    await h?.close();
    await dispose?.();
    if (artifactsDir) await rm(artifactsDir, { recursive: true, force: true });
  });

  describe('registration', () => {
    it('digests the uploaded files: the same files give the same digest, other files another', async () => {
      const files: VersionFile[] = [
        ...constantPredictor(0.25),
        { path: 'assets/notes.txt', body: 'a nested file, part of the version too\n' },
      ];
      const expected = expectedDigest(files);
      const first = await h.register('digest', files);
      expect(first.contentDigest).toBe(expected);
      const stored = await getVersion(h, 'digest', first.version);
      expect(stored.contentDigest).toMatch(DIGEST);
      expect(stored.contentDigest).toBe(expected);

      // Identical files under another upload id: another location, the same digest.
      const twin = await h.register('digest', files);
      expect(twin.source).not.toBe(first.source);
      expect((await getVersion(h, 'digest', twin.version)).contentDigest).toBe(expected);

      // Other bytes, or the same bytes under another name, are other files.
      const other = constantPredictor(0.5);
      const otherVersion = await h.register('digest', other);
      const otherDigest = (await getVersion(h, 'digest', otherVersion.version)).contentDigest;
      expect(otherDigest).toBe(expectedDigest(other));
      expect(otherDigest).not.toBe(expected);
      const renamed = files.map((f) =>
        f.path === 'assets/notes.txt' ? { ...f, path: 'assets/note.txt' } : f,
      );
      const renamedVersion = await h.register('digest', renamed);
      const renamedDigest = (await getVersion(h, 'digest', renamedVersion.version)).contentDigest;
      expect(renamedDigest).toBe(expectedDigest(renamed));
      expect(renamedDigest).not.toBe(expected);
    });

    it('keeps a version registered before its files arrive empty: later files are refused', async () => {
      expect((await h.api('POST', '/api/v1/models', { name: 'early' })).status).toBe(201);
      const source = 'mlflow-artifacts:/models/early/upload-before-files';
      const created = await h.api('POST', '/api/v1/models/early/versions', { source });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      expect(created.json.modelVersion.contentDigest).toBe(expectedDigest([]));
      const late = await raw(
        h,
        'PUT',
        '/api/v1/models/early/uploads/upload-before-files/model.onnx',
        'late bytes',
      );
      expect(late.status, late.text).toBe(412);
      expect(late.text).toContain("model 'early' version 1");
    });

    it('records the digest in the audit log of the version', async () => {
      const files = constantPredictor(0.125);
      const version = await h.register('audited', files);
      const resourceId = encodeURIComponent(`audited/${version.version}`);
      const page = await h.api(
        'GET',
        `/api/v1/audit?resourceType=model_version&resourceId=${resourceId}`,
      );
      expect(page.status, JSON.stringify(page.json)).toBe(200);
      const created = (page.json.events as { action: string }[]).filter(
        (e) => e.action === 'model_version.create',
      );
      expect(created).toHaveLength(1);
      expect(created[0]).toMatchObject({
        actor: 'admin',
        resourceType: 'model_version',
        resourceId: `audited/${version.version}`,
        after: { source: version.source, contentDigest: expectedDigest(files) },
      });
    });
  });

  describe('writes below a registered version', () => {
    it('refuses to reuse the upload id, and keeps the stored bytes', async () => {
      const files = constantPredictor(0.25);
      const version = await h.register('reuse', files);
      const uploadId = uploadIdOf(version.source);
      const upload = (path: string, body: string) =>
        raw(h, 'PUT', `/api/v1/models/reuse/uploads/${uploadId}/${path}`, body);

      expectRefusedNative(
        await upload('predictor.mjs', 'export function predict() {}'),
        'reuse',
        version.version,
      );
      expectRefusedNative(await upload('extra.txt', 'new file'), 'reuse', version.version);
      expectRefusedNative(await upload('deep/er/extra.txt', 'new file'), 'reuse', version.version);

      await expectFiles(h, 'reuse', version.version, files);
      expect((await versionFile(h, 'reuse', version.version, 'extra.txt')).status).toBe(404);
      expect((await versionFile(h, 'reuse', version.version, 'deep/er/extra.txt')).status).toBe(
        404,
      );
      expect((await getVersion(h, 'reuse', version.version)).contentDigest).toBe(
        expectedDigest(files),
      );

      // A new upload id for the same model is a new location: it works.
      const fresh = await raw(
        h,
        'PUT',
        '/api/v1/models/reuse/uploads/another-upload-1/predictor.mjs',
        'x',
      );
      expect(fresh.status, fresh.text).toBe(204);
    });

    it('refuses writes and deletes through the MLflow artifact proxy, whatever the spelling', async () => {
      const files = constantPredictor(0.25);
      const version = await h.register('proxied', files);
      const uploadId = uploadIdOf(version.source);
      const location = `models/proxied/${uploadId}`;

      expectRefusedMlflow(
        await raw(h, 'PUT', proxy(`${location}/predictor.mjs`), 'overwritten'),
        'proxied',
        version.version,
      );
      expectRefusedMlflow(
        await raw(h, 'PUT', proxy(`${location}/added.mjs`), 'added'),
        'proxied',
        version.version,
      );
      // The same file spelled with empty segments is the same file.
      expectRefusedMlflow(
        await raw(h, 'PUT', proxy(`models//proxied/${uploadId}//predictor.mjs`), 'overwritten'),
        'proxied',
        version.version,
      );

      for (const path of [`${location}/predictor.mjs`, location, 'models/proxied']) {
        expectRefusedMlflow(await raw(h, 'DELETE', proxy(path)), 'proxied', version.version);
      }
      // Above the model's directory the refusal may name any model's version.
      const models = await raw(h, 'DELETE', proxy('models'));
      expect(models.status, models.text).toBe(400);
      expect(models.json.error_code).toBe('INVALID_STATE');
      // The root is refused before the guard is asked: it is no path to delete at all.
      for (const path of ['', '.']) {
        const deleted = await raw(h, 'DELETE', proxy(path));
        expect(deleted.status, `DELETE '${path}': ${deleted.text}`).toBe(400);
        expect(['INVALID_STATE', 'INVALID_PARAMETER_VALUE']).toContain(deleted.json.error_code);
      }

      await expectFiles(h, 'proxied', version.version, files);
      for (const file of files) {
        const got = await raw(h, 'GET', proxy(`${location}/${file.path}`));
        expect(got.status).toBe(200);
        expect(got.text).toBe(file.body);
      }
      expect((await raw(h, 'GET', proxy(`${location}/added.mjs`))).status).toBe(404);

      // A sibling upload directory, even one whose name starts with the registered one, is free.
      for (const sibling of [`models/proxied/${uploadId}-next`, `models/proxied/${uploadId}x`]) {
        const put = await raw(h, 'PUT', proxy(`${sibling}/predictor.mjs`), 'draft');
        expect(put.status, put.text).toBe(200);
        expect((await raw(h, 'GET', proxy(`${sibling}/predictor.mjs`))).text).toBe('draft');
        expect((await raw(h, 'DELETE', proxy(sibling))).status).toBe(200);
      }
    });

    it('protects a version registered from a run, and leaves the rest of the run writable', async () => {
      const { experiment_id: exp } = await mlflow(h, 'POST', '/experiments/create', {
        name: 'immutable-run',
      });
      const { run } = await mlflow(h, 'POST', '/runs/create', { experiment_id: exp });
      const runId: string = run.info.run_id;
      const root = `${exp}/${runId}/artifacts`;
      const model: VersionFile[] = [
        { path: 'MLmodel', body: 'flavors:\n  onnx:\n    data: model.onnx\n' },
        { path: 'model.onnx', body: 'not really onnx, any bytes do' },
      ];
      for (const file of model) {
        const put = await raw(h, 'PUT', proxy(`${root}/model/${file.path}`), file.body);
        expect(put.status, put.text).toBe(200);
      }
      await mlflow(h, 'POST', '/registered-models/create', { name: 'from-run' });
      const { model_version: created } = await mlflow(h, 'POST', '/model-versions/create', {
        name: 'from-run',
        source: `runs:/${runId}/model`,
        run_id: runId,
      });
      const version: string = created.version;
      expect((await getVersion(h, 'from-run', version)).contentDigest).toBe(expectedDigest(model));

      expectRefusedMlflow(
        await raw(h, 'PUT', proxy(`${root}/model/model.onnx`), 'other bytes'),
        'from-run',
        version,
      );
      const native = (path: string, body: string) =>
        raw(h, 'PUT', `/api/v1/runs/${runId}/artifacts/${path}`, body);
      expectRefusedNative(await native('model/model.onnx', 'other bytes'), 'from-run', version);
      expectRefusedNative(await native('model/extra.bin', 'added'), 'from-run', version);
      expectRefusedMlflow(await raw(h, 'DELETE', proxy(`${root}/model`)), 'from-run', version);
      expectRefusedMlflow(await raw(h, 'DELETE', proxy(root)), 'from-run', version);
      expectRefusedMlflow(await raw(h, 'DELETE', proxy(`${exp}/${runId}`)), 'from-run', version);
      expectRefusedMlflow(await raw(h, 'DELETE', proxy(exp)), 'from-run', version);

      // The rest of the run is not part of the version.
      expect((await native('metrics.json', '{"auc":0.9}')).status).toBe(204);
      expect((await native('model-notes/readme.txt', 'beside, not below')).status).toBe(204);
      expect((await raw(h, 'PUT', proxy(`${root}/metrics.json`), '{"auc":0.91}')).status).toBe(200);
      expect((await raw(h, 'DELETE', proxy(`${root}/metrics.json`))).status).toBe(200);

      for (const file of model) {
        const got = await raw(h, 'GET', `/api/v1/runs/${runId}/artifacts/model/${file.path}`);
        expect(got.text).toBe(file.body);
      }
      expect((await raw(h, 'GET', `/api/v1/runs/${runId}/artifacts/model/extra.bin`)).status).toBe(
        404,
      );
    });

    it('protects a version registered from a single run file, not its namesakes', async () => {
      const { experiment_id: exp } = await mlflow(h, 'POST', '/experiments/create', {
        name: 'immutable-single-file',
      });
      const { run } = await mlflow(h, 'POST', '/runs/create', { experiment_id: exp });
      const runId: string = run.info.run_id;
      const weights: VersionFile = { path: 'weights.onnx', body: 'single-file model' };
      const native = (path: string, body: string) =>
        raw(h, 'PUT', `/api/v1/runs/${runId}/artifacts/${path}`, body);
      expect((await native(weights.path, weights.body as string)).status).toBe(204);
      await h.api('POST', '/api/v1/models', { name: 'single-file' });
      const created = await h.api('POST', '/api/v1/models/single-file/versions', {
        source: `runs:/${runId}/weights.onnx`,
      });
      expect(created.status, JSON.stringify(created.json)).toBe(201);
      const version: string = created.json.modelVersion.version;
      expect(created.json.modelVersion.contentDigest).toBe(expectedDigest([weights]));

      expectRefusedNative(await native('weights.onnx', 'changed'), 'single-file', version);
      expect((await native('weights.onnx.bak', 'a namesake, not the file')).status).toBe(204);
      expect((await raw(h, 'GET', `/api/v1/runs/${runId}/artifacts/weights.onnx`)).text).toBe(
        weights.body,
      );
    });

    it('protects a version promoted from an MLflow 3 logged model (models:/m-... source)', async () => {
      const { experiment_id: exp } = await mlflow(h, 'POST', '/experiments/create', {
        name: 'immutable-logged-model',
      });
      const { model } = await mlflow(h, 'POST', '/logged-models', {
        experiment_id: exp,
        name: 'model',
      });
      const modelId: string = model.info.model_id;
      const root = (model.info.artifact_uri as string).replace(/^mlflow-artifacts:\/+/u, '');
      const files: VersionFile[] = [
        { path: 'MLmodel', body: `model_id: ${modelId}\n` },
        { path: 'model.pkl', body: 'pickled' },
      ];
      for (const file of files) {
        expect((await raw(h, 'PUT', proxy(`${root}/${file.path}`), file.body)).status).toBe(200);
      }
      await mlflow(h, 'PATCH', `/logged-models/${modelId}`, {
        model_id: modelId,
        status: 'LOGGED_MODEL_READY',
      });
      await mlflow(h, 'POST', '/registered-models/create', { name: 'from-logged-model' });
      const { model_version: created } = await mlflow(h, 'POST', '/model-versions/create', {
        name: 'from-logged-model',
        source: `models:/${modelId}`,
        model_id: modelId,
      });
      const version: string = created.version;
      expect((await getVersion(h, 'from-logged-model', version)).contentDigest).toBe(
        expectedDigest(files),
      );
      expectRefusedMlflow(
        await raw(h, 'PUT', proxy(`${root}/model.pkl`), 'other pickle'),
        'from-logged-model',
        version,
      );
      expectRefusedMlflow(await raw(h, 'DELETE', proxy(root)), 'from-logged-model', version);
      expect((await raw(h, 'GET', proxy(`${root}/model.pkl`))).text).toBe('pickled');
    });

    // Prefix tests must count characters the way the database does: 'é' is one UTF-16 unit and
    // one character, '📦' two UTF-16 units but one character.
    it.each(['café-é', 'box-📦'])(
      "refuses to delete the model directory 'models/%s' holding a version",
      async (name) => {
        const files = constantPredictor(0.25);
        const registered = await h.register(name, files);
        expect(registered.name).toBe(name);
        expect(registered.contentDigest).toBe(expectedDigest(files));
        // The upload folder is the name as one percent-encoded segment (modelUploadLocation).
        const location = modelUploadLocation(name, uploadIdOf(registered.source)).storagePath;
        expect(registered.source).toBe(`mlflow-artifacts:/${location}`);
        expectRefusedMlflow(await raw(h, 'DELETE', proxy(location)), name, registered.version);
        const folder = location.slice(0, location.lastIndexOf('/'));
        const parent = await raw(h, 'DELETE', proxy(folder));
        // Soft, so the files' fate below is reported as well when the delete is let through.
        expect.soft(parent.status, `DELETE ${folder}: ${parent.text}`).toBe(400);
        expect.soft(parent.json?.error_code).toBe('INVALID_STATE');
        await expectFiles(h, name, registered.version, files);
      },
    );
  });

  describe('renaming the model', () => {
    it('keeps the files protected and servable under the new name', async () => {
      const files = constantPredictor(0.25);
      const version = await h.register('before-rename', files);
      const renamed = await h.api('PATCH', '/api/v1/models/before-rename', {
        name: 'after-rename',
      });
      expect(renamed.status, JSON.stringify(renamed.json)).toBe(200);
      // A new model under the old name cannot write into the renamed model's files.
      expect((await h.api('POST', '/api/v1/models', { name: 'before-rename' })).status).toBe(201);
      expectRefusedNative(
        await raw(
          h,
          'PUT',
          `/api/v1/models/before-rename/uploads/${uploadIdOf(version.source)}/predictor.mjs`,
          'changed',
        ),
        'after-rename',
        version.version,
      );
      const moved = await getVersion(h, 'after-rename', version.version);
      expect(moved.contentDigest).toBe(expectedDigest(files));
      await h.apply({
        name: 'renamed',
        policy: { type: 'single', model: `models:/after-rename/${version.version}` },
      });
      expect((await h.infer('renamed', [ROW])).body.outputs?.[0]?.data).toEqual([0.25]);
    });
  });

  describe('loading', () => {
    it('refuses files changed in the store behind its back, and keeps serving verified ones', async () => {
      const files = constantPredictor(0.25);
      const tampered = await h.register('tampered', files);
      const dir = join(artifactsDir, 'models', 'tampered', uploadIdOf(tampered.source));

      // The first server loads (and caches) the version before anything changes.
      await h.apply({ name: 'cached', policy: { type: 'single', model: 'models:/tampered/1' } });
      expect((await h.infer('cached', [ROW])).body.outputs?.[0]?.data).toEqual([0.25]);

      const predictor = join(dir, 'predictor.mjs');
      const original = await readFile(predictor, 'utf8');
      expect(original).toContain('fill(0.25)');
      await writeFile(predictor, original.replace('fill(0.25)', 'fill(0.75)'));

      const fresh = await server();
      const refused = await fresh.api('POST', '/api/v1/deployments', {
        name: 'fresh',
        policy: { type: 'single', model: `models:/tampered/${tampered.version}` },
      });
      expect(refused.status, JSON.stringify(refused.json)).toBe(412);
      expect(refused.json.error.code).toBe('FAILED_PRECONDITION');
      expect(refused.json.error.message).toContain('not the ones registered');
      expect(refused.json.error.message).toContain(`registered ${expectedDigest(files)}`);

      // Nothing on the fresh server serves the changed bytes, by deployment or by version.
      expect((await fresh.infer('fresh', [ROW])).status).toBe(404);
      const direct = await fresh.infer('tampered', [ROW], { version: tampered.version });
      expect(direct.status).not.toBe(200);
      expect(direct.body.outputs).toBeUndefined();

      // The first server still serves what it verified; so does a new deployment of it there.
      expect((await h.infer('cached', [ROW])).body.outputs?.[0]?.data).toEqual([0.25]);
      await h.apply({
        name: 'cached-too',
        policy: { type: 'single', model: 'models:/tampered/1' },
      });
      expect((await h.infer('cached-too', [ROW])).body.outputs?.[0]?.data).toEqual([0.25]);

      // A file added to the version's directory is caught too.
      const grown = await h.register('tampered', constantPredictor(0.125));
      await writeFile(
        join(artifactsDir, 'models', 'tampered', uploadIdOf(grown.source), 'extra.mjs'),
        'export const planted = true;\n',
      );
      const refusedGrown = await fresh.api('POST', '/api/v1/deployments', {
        name: 'fresh',
        policy: { type: 'single', model: `models:/tampered/${grown.version}` },
      });
      expect(refusedGrown.status, JSON.stringify(refusedGrown.json)).toBe(412);
      expect(refusedGrown.json.error.message).toContain('not the ones registered');

      // Untouched files deploy fine on the same fresh server.
      const clean = await h.register('tampered', constantPredictor(0.5));
      const applied = await fresh.api('POST', '/api/v1/deployments', {
        name: 'fresh',
        policy: { type: 'single', model: `models:/tampered/${clean.version}` },
      });
      expect(applied.status, JSON.stringify(applied.json)).toBe(200);
      const served = await fresh.infer('fresh', [ROW]);
      expect(served.status).toBe(200);
      expect(served.version).toBe(clean.version);
      expect(served.body.outputs?.[0]?.data).toEqual([0.5]);
    });
  });

  describe('deleting versions', () => {
    it('lifts the protection only when no version uses the location any more', async () => {
      const files = constantPredictor(0.25);
      const first = await h.register('shared-files', files);
      const uploadId = uploadIdOf(first.source);
      const second = await h.api('POST', '/api/v1/models/shared-files/versions', {
        source: first.source,
      });
      expect(second.status, JSON.stringify(second.json)).toBe(201);
      const secondVersion: string = second.json.modelVersion.version;
      expect(second.json.modelVersion.contentDigest).toBe(expectedDigest(files));
      // Another model registering the same files counts as a user of the location too.
      await h.api('POST', '/api/v1/models', { name: 'shared-elsewhere' });
      const elsewhere = await h.api('POST', '/api/v1/models/shared-elsewhere/versions', {
        source: first.source,
      });
      expect(elsewhere.status, JSON.stringify(elsewhere.json)).toBe(201);
      const elsewhereVersion: string = elsewhere.json.modelVersion.version;

      const upload = () =>
        raw(h, 'PUT', `/api/v1/models/shared-files/uploads/${uploadId}/predictor.mjs`, 'changed');
      const remove = (version: string, name = 'shared-files') =>
        h.api('DELETE', `/api/v1/models/${name}/versions/${version}`);

      expect((await remove(first.version)).status).toBe(204);
      expect((await upload()).status).toBe(412);
      expect((await raw(h, 'DELETE', proxy(`models/shared-files/${uploadId}`))).status).toBe(400);

      expect((await remove(secondVersion)).status).toBe(204);
      expectRefusedNative(await upload(), 'shared-elsewhere', elsewhereVersion);
      expect(
        (await raw(h, 'GET', proxy(`models/shared-files/${uploadId}/predictor.mjs`))).text,
      ).toBe(files.find((f) => f.path === 'predictor.mjs')?.body);

      // The deletion is audited with the digest the version had.
      const page = await h.api(
        'GET',
        `/api/v1/audit?resourceType=model_version&resourceId=${encodeURIComponent(`shared-files/${first.version}`)}`,
      );
      expect(
        (page.json.events as { action: string }[]).find((e) => e.action === 'model_version.delete'),
      ).toMatchObject({ before: { contentDigest: expectedDigest(files) } });

      expect((await remove(elsewhereVersion, 'shared-elsewhere')).status).toBe(204);
      const freed = await upload();
      expect(freed.status, freed.text).toBe(204);
      const removed = await raw(h, 'DELETE', proxy(`models/shared-files/${uploadId}`));
      expect(removed.status, removed.text).toBe(200);
    });

    it('keeps other versions protected when one version is deleted', async () => {
      const kept = await h.register('partly-deleted', constantPredictor(0.25));
      const dropped = await h.register('partly-deleted', constantPredictor(0.5));
      expect(
        (await h.api('DELETE', `/api/v1/models/partly-deleted/versions/${dropped.version}`)).status,
      ).toBe(204);
      const freed = await raw(
        h,
        'PUT',
        `/api/v1/models/partly-deleted/uploads/${uploadIdOf(dropped.source)}/predictor.mjs`,
        'reused',
      );
      expect(freed.status, freed.text).toBe(204);
      expectRefusedNative(
        await raw(
          h,
          'PUT',
          `/api/v1/models/partly-deleted/uploads/${uploadIdOf(kept.source)}/predictor.mjs`,
          'reused',
        ),
        'partly-deleted',
        kept.version,
      );
      // Deleting a directory holding the kept version is still refused.
      expectRefusedMlflow(
        await raw(h, 'DELETE', proxy('models/partly-deleted')),
        'partly-deleted',
        kept.version,
      );
    });
  });
});
