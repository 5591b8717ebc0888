import { createHash } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { datasetRoutes, nativeRoutes as r } from '@slipway/core';
import { as, call, openNativeHarness } from './native-harness.js';
import type { NativeHarness } from './native-harness.js';

const CSV = 'id,city,score\n1,Oslo,0.5\n2,Lima,1.5\n3,Oslo,\n';
const JSONL = '{"id":1,"ok":true}\n{"id":2,"ok":false}\n';
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

let h: NativeHarness;
beforeAll(async () => {
  h = await openNativeHarness({ artifactLimitBytes: 1024 * 1024 });
});
afterAll(async () => h.close());

async function stage(name: string, path: string, payload: string | Buffer) {
  return call(h, r.uploadDatasetFile, {
    params: { name, path },
    payload,
    headers: { 'content-type': 'application/octet-stream' },
  });
}

/** Stages files and commits them as a version. */
async function add(name: string, files: Record<string, string | Buffer>, description?: string) {
  const manifest = [];
  for (const [path, content] of Object.entries(files)) {
    const staged = await stage(name, path, content);
    expect(staged.status).toBe(200);
    manifest.push({ path, digest: staged.json.file.digest, size: staged.json.file.size });
  }
  return call(h, r.createDatasetVersion, {
    params: { name },
    body: { files: manifest, ...(description === undefined ? {} : { description }) },
  });
}

describe('datasets', () => {
  it('stages a CSV under its sha256 with schema, rows and a profile summary', async () => {
    const staged = await stage('cities', 'cities.csv', CSV);
    expect(staged.json).toMatchObject({
      stored: true,
      file: { path: 'cities.csv', digest: sha256(CSV), size: CSV.length, format: 'csv', rows: 3 },
    });
    expect(staged.json.file.schema.map((c: { name: string }) => c.name)).toEqual([
      'id',
      'city',
      'score',
    ]);
    const created = await add('cities', { 'cities.csv': CSV }, 'first cut');
    expect(created.json).toMatchObject({
      created: true,
      version: {
        name: 'cities',
        version: 1,
        digest: sha256(CSV),
        rows: 3,
        description: 'first cut',
      },
    });
    const got = await call(h, r.getDatasetVersion, { params: { name: 'cities', version: '1' } });
    const columns = got.json.version.files[0].columns;
    expect(columns.find((c: { name: string }) => c.name === 'score')).toMatchObject({
      nulls: 1,
      min: 0.5,
      max: 1.5,
      mean: 1,
    });
    expect(columns.find((c: { name: string }) => c.name === 'city').top[0]).toEqual({
      value: 'Oslo',
      count: 2,
    });
  });

  it('answers the latest version for unchanged content and shares blobs with older ones', async () => {
    const again = await add('cities', { 'cities.csv': CSV });
    expect(again.json).toMatchObject({ created: false, version: { version: 1 } });
    const restaged = await stage('cities', 'cities.csv', CSV);
    expect(restaged.json.stored).toBe(false);

    const changed = `${CSV}4,Rome,2.5\n`;
    expect((await add('cities', { 'cities.csv': changed })).json.version).toMatchObject({
      version: 2,
      rows: 4,
    });
    const back = await add('cities', { 'cities.csv': CSV });
    expect(back.json).toMatchObject({
      created: true,
      version: { version: 3, digest: sha256(CSV) },
    });
    const blobs = await readdir(join(h.dir, 'artifacts', 'datasets', 'blobs'));
    expect(blobs.filter((b) => b === sha256(CSV) || b === sha256(changed)).sort()).toEqual(
      [sha256(CSV), sha256(changed)].sort(),
    );

    const versions = await call(h, r.listDatasetVersions, { params: { name: 'cities' } });
    expect(versions.json.versions.map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    const list = await call(h, r.listDatasets);
    expect(list.json.datasets).toContainEqual(
      expect.objectContaining({ name: 'cities', latestVersion: 3, description: 'first cut' }),
    );
  });

  it('versions a directory by its manifest and reads JSONL and Parquet', async () => {
    const parquet = Buffer.from(
      parquetWriteBuffer({
        columnData: [
          { name: 'n', data: [1n, 2n, 3n, 4n], type: 'INT64' },
          { name: 's', data: ['p', 'q', 'p', null], type: 'STRING' },
        ],
      }),
    );
    const res = await add('mixed', {
      'a/cities.csv': CSV,
      'b.jsonl': JSONL,
      'c.parquet': parquet,
      'README.txt': 'notes',
    });
    const v = res.json.version;
    const lines = [
      ['README.txt', sha256('notes')],
      ['a/cities.csv', sha256(CSV)],
      ['b.jsonl', sha256(JSONL)],
      ['c.parquet', sha256(parquet)],
    ]
      .map(([p, d]) => `${p}\t${d}\n`)
      .join('');
    expect(v.digest).toBe(sha256(lines));
    expect(v.rows).toBe(3 + 2 + 4);
    expect(v.files.map((f: { path: string }) => f.path)).toEqual([
      'README.txt',
      'a/cities.csv',
      'b.jsonl',
      'c.parquet',
    ]);
    expect(v.files[0].rows).toBeUndefined();
    expect(v.files[3]).toMatchObject({ format: 'parquet', rows: 4 });
    expect(v.schema.map((c: { name: string }) => c.name)).toEqual(
      expect.arrayContaining(['id', 'city', 'score', 'ok', 'n', 's']),
    );
    const down = await call(h, r.downloadDatasetFile, {
      params: { name: 'mixed', version: '1', path: 'c.parquet' },
    });
    expect(Buffer.compare(down.raw, parquet)).toBe(0);
  });

  it('refuses bad input with 400 and missing things with 404', async () => {
    expect((await stage('bad name!', 'x.csv', CSV)).status).toBe(400);
    expect((await stage('ok', 'a\\x.csv', CSV)).status).toBe(400);
    const notCsv = await stage('ok', 'broken.parquet', 'not parquet');
    expect(notCsv.status).toBe(400);
    expect(notCsv.json.error.message).toMatch(/broken\.parquet/u);
    const digest = sha256(CSV);
    const commit = (files: unknown) =>
      call(h, r.createDatasetVersion, { params: { name: 'ok' }, body: { files } });
    expect((await commit([])).status).toBe(400);
    expect((await commit([{ path: 'x.csv', digest: 'abc', size: 1 }])).status).toBe(400);
    expect((await commit([{ path: 'x.csv', digest, size: 1 }])).status).toBe(400);
    const twice = [
      { path: 'x.csv', digest, size: CSV.length },
      { path: 'x.csv', digest, size: CSV.length },
    ];
    expect((await commit(twice)).status).toBe(400);
    const absent = await commit([{ path: 'x.csv', digest: 'f'.repeat(64), size: 1 }]);
    expect(absent.status).toBe(412);
    expect(absent.json.error.message).toMatch(/was not uploaded/u);
    expect((await call(h, r.getDataset, { params: { name: 'ok' } })).status).toBe(404);
    expect((await call(h, r.getDataset, { params: { name: 'nope' } })).status).toBe(404);
    const v = (version: string) =>
      call(h, r.getDatasetVersion, { params: { name: 'cities', version } });
    expect((await v('99')).status).toBe(404);
    expect((await v('x')).status).toBe(400);
    const file = await call(h, r.downloadDatasetFile, {
      params: { name: 'cities', version: '1', path: 'other.csv' },
    });
    expect(file.status).toBe(404);
  });

  it('has no route that changes a version, and new uploads leave old versions alone', async () => {
    const writes = Object.values(datasetRoutes).filter((route) => route.method !== 'GET');
    expect(writes.map((route) => route.operationId).sort()).toEqual([
      'createDatasetVersion',
      'linkDatasetVersion',
      'uploadDatasetFile',
    ]);
    for (const method of ['PUT', 'PATCH', 'DELETE'] as const) {
      const res = await h.app.inject({ method, url: '/api/v1/datasets/cities/versions/1' });
      expect(res.statusCode).toBe(404);
    }
    await stage('cities', 'cities.csv', 'id\n9\n');
    const down = await call(h, r.downloadDatasetFile, {
      params: { name: 'cities', version: '1', path: 'cities.csv' },
    });
    expect(down.raw.toString('utf8')).toBe(CSV);
  });

  it('links a version to a run so MLflow shows it as a dataset input, and audits', async () => {
    const run = await call(h, r.createRun, { body: {} });
    const runId: string = run.json.run.info.runId;
    const link = await call(h, r.linkDatasetVersion, {
      params: { name: 'cities', version: '2' },
      body: { runId },
    });
    expect(link.status).toBe(204);
    const missingRun = await call(h, r.linkDatasetVersion, {
      params: { name: 'cities', version: '2' },
      body: { runId: 'f'.repeat(32) },
    });
    expect(missingRun.status).toBe(404);
    const mlflow = await h.app.inject({ url: `/api/2.0/mlflow/runs/get?run_id=${runId}` });
    const inputs = mlflow.json().run.inputs.dataset_inputs;
    expect(inputs).toHaveLength(1);
    const v2 = await call(h, r.getDatasetVersion, { params: { name: 'cities', version: '2' } });
    expect(inputs[0].dataset).toMatchObject({
      name: 'cities',
      digest: v2.json.version.digest,
      source_type: 'slipway',
      source: 'datasets:/cities@2',
      profile: JSON.stringify({ num_rows: 4 }),
    });
    expect(JSON.parse(inputs[0].dataset.schema).mlflow_colspec[0]).toMatchObject({
      name: 'id',
      type: 'long',
    });
    const audit = await call(h, r.searchAuditEvents, { query: { resourceType: 'dataset' } });
    const actions = audit.json.events.map((e: { action: string }) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining([
        'dataset.file.store',
        'dataset.version.create',
        'dataset.version.link',
      ]),
    );
  });
});

describe('datasets with authentication', () => {
  let auth: NativeHarness;
  beforeAll(async () => {
    auth = await openNativeHarness({ users: ['bob', 'carol'] });
  });
  afterAll(async () => auth.close());

  async function addAs(headers: Record<string, string>, name: string, content: string) {
    const staged = await call(auth, r.uploadDatasetFile, {
      params: { name, path: 'x.csv' },
      payload: content,
      headers,
    });
    if (staged.status !== 200) return staged;
    const { digest, size } = staged.json.file;
    return call(auth, r.createDatasetVersion, {
      params: { name },
      body: { files: [{ path: 'x.csv', digest, size }] },
      headers,
    });
  }

  it('lets users with the default READ read but not add versions (403)', async () => {
    expect((await addAs({}, 'shared', CSV)).status).toBe(200);
    const read = await call(auth, r.getDatasetVersion, {
      params: { name: 'shared', version: '1' },
      headers: as('bob'),
    });
    expect(read.status).toBe(200);
    const upload = await addAs(as('bob'), 'shared', `${CSV}9,Bern,1\n`);
    expect(upload.status).toBe(403);
    expect(upload.json.error.message).toMatch(/needs EDIT on dataset 'shared'/u);
    const digest = sha256(CSV);
    const commit = await call(auth, r.createDatasetVersion, {
      params: { name: 'shared' },
      body: { files: [{ path: 'x.csv', digest, size: CSV.length }] },
      headers: as('bob'),
    });
    expect(commit.status).toBe(403);
  });

  it('gives the creator MANAGE, so they can grant EDIT and hide datasets', async () => {
    const made = await addAs(as('bob'), 'bobs', CSV);
    expect(made.status).toBe(200);
    expect((await addAs(as('carol'), 'bobs', `${CSV}7,Kyiv,2\n`)).status).toBe(403);
    const grant = await call(auth, r.setDatasetPermission, {
      params: { name: 'bobs', username: 'carol' },
      body: { permission: 'EDIT' },
      headers: as('bob'),
    });
    expect(grant.status).toBe(200);
    const added = await addAs(as('carol'), 'bobs', `${CSV}7,Kyiv,2\n`);
    expect(added.json.version.version).toBe(2);
    const denied = await call(auth, r.setDatasetPermission, {
      params: { name: 'bobs', username: 'carol' },
      body: { permission: 'MANAGE' },
      headers: as('carol'),
    });
    expect(denied.status).toBe(403);

    await call(auth, r.setDatasetPermission, {
      params: { name: 'shared', username: 'carol' },
      body: { permission: 'NO_PERMISSIONS' },
    });
    const list = await call(auth, r.listDatasets, { headers: as('carol') });
    expect(list.json.datasets.map((d: { name: string }) => d.name)).toEqual(['bobs']);
    const hidden = await call(auth, r.getDataset, {
      params: { name: 'shared' },
      headers: as('carol'),
    });
    expect(hidden.status).toBe(403);
  });
});
