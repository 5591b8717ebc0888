import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '../../src/index.js';
import type { RunningServer } from '../../src/index.js';
import { S3RVER_CREDENTIALS, startS3rver } from './s3rver-server.js';
import type { RunningS3rver } from './s3rver-server.js';

/**
 * The whole server (startServer, as `slipway server` runs it) on an s3:// artifact store served by
 * s3rver over the real S3 wire protocol: the MLflow artifact proxy, model uploads, and a deployment
 * whose model files are loaded from the bucket.
 */

const BUCKET = 'slipway-server-e2e';
const PREFIX = 'team-a/artifacts';
const ONNX = new URL('../fixtures/models/breast_cancer_logreg.onnx', import.meta.url);
const GOLDEN = new URL('../fixtures/models/breast_cancer_logreg.expected.json', import.meta.url);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('a server on s3:// (s3rver)', () => {
  let s3: RunningS3rver;
  let raw: S3Client;
  let server: RunningServer;
  let dataDir: string;

  const api = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? null : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, json: text === '' ? undefined : JSON.parse(text) };
  };
  const mlflow = async (method: string, path: string, body?: unknown) => {
    const result = await api(method, `/api/2.0/mlflow${path}`, body);
    expect(result.status, `${method} ${path}: ${JSON.stringify(result.json)}`).toBe(200);
    return result.json;
  };
  /** Every key in the bucket under PREFIX, with its size, paging through ListObjectsV2. */
  const bucketKeys = async (): Promise<Map<string, number>> => {
    const keys = new Map<string, number>();
    let token: string | undefined;
    do {
      const page = await raw.send(
        new ListObjectsV2Command({
          Bucket: BUCKET,
          Prefix: `${PREFIX}/`,
          ContinuationToken: token,
          MaxKeys: 5,
        }),
      );
      for (const object of page.Contents ?? []) keys.set(object.Key ?? '', object.Size ?? -1);
      token = page.NextContinuationToken;
    } while (token !== undefined);
    return keys;
  };
  const objectBytes = async (key: string): Promise<Uint8Array> => {
    const object = await raw.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return (await object.Body?.transformToByteArray()) ?? new Uint8Array();
  };

  beforeAll(async () => {
    s3 = await startS3rver([BUCKET]);
    raw = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
    dataDir = mkdtempSync(join(tmpdir(), 'slipway-s3-server-'));
    server = await startServer(
      loadServerConfig(
        {
          port: 0,
          dataDir,
          logLevel: 'silent',
          artifactsUri: `s3://${BUCKET}/${PREFIX}`,
          s3EndpointUrl: s3.endpoint,
          s3AccessKeyId: S3RVER_CREDENTIALS.accessKeyId,
          s3SecretAccessKey: S3RVER_CREDENTIALS.secretAccessKey,
          s3ForcePathStyle: true,
        },
        {},
      ),
    );
  });

  afterAll(async () => {
    await server?.close();
    raw?.destroy();
    await s3?.stop();
    if (dataDir !== undefined) rmSync(dataDir, { recursive: true, force: true });
  });

  it('keeps MLflow run artifacts in the bucket through the artifact proxy', async () => {
    const { experiment_id: exp } = await mlflow('POST', '/experiments/create', { name: 's3-e2e' });
    const created = await mlflow('POST', '/runs/create', {
      experiment_id: exp,
      start_time: 1_700_000_000_000,
    });
    const runId: string = created.run.info.run_id;
    expect(created.run.info.artifact_uri).toBe(`mlflow-artifacts:/${exp}/${runId}/artifacts`);

    // Larger than one multipart part, so the upload streams through more than one S3 request.
    const files: Array<[string, Uint8Array]> = [
      ['model/weights.bin', randomBytes(6 * 1024 * 1024 + 123)],
      ['model/MLmodel', Buffer.from('artifact_path: model\nflavors:\n  onnx: {}\n')],
      ['eval/summary.json', Buffer.from('{"auc": 0.91}')],
      ['notes/read me ü.txt', Buffer.from('spaces and non-ASCII in the name')],
    ];
    const root = `${exp}/${runId}/artifacts`;
    for (const [path, body] of files) {
      const put = await fetch(
        `${server.url}/api/2.0/mlflow-artifacts/artifacts/${root}/${encodeURI(path)}`,
        { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body },
      );
      expect(put.status, `${path}: ${await put.clone().text()}`).toBe(200);
    }

    const top = await mlflow('GET', `/artifacts/list?run_id=${runId}`);
    expect(top.root_uri).toBe(`mlflow-artifacts:/${exp}/${runId}/artifacts`);
    expect(top.files).toEqual([
      { path: 'eval', is_dir: true },
      { path: 'model', is_dir: true },
      { path: 'notes', is_dir: true },
    ]);
    const model = await mlflow('GET', `/artifacts/list?run_id=${runId}&path=model`);
    expect(model.files).toEqual([
      { path: 'model/MLmodel', is_dir: false, file_size: files[1]?.[1].length },
      { path: 'model/weights.bin', is_dir: false, file_size: files[0]?.[1].length },
    ]);
    const proxied = await api('GET', `/api/2.0/mlflow-artifacts/artifacts?path=${root}/model`);
    expect(proxied.status).toBe(200);
    expect(proxied.json.files).toEqual([
      { path: 'MLmodel', is_dir: false, file_size: files[1]?.[1].length },
      { path: 'weights.bin', is_dir: false, file_size: files[0]?.[1].length },
    ]);

    for (const [path, body] of files) {
      const got = await fetch(
        `${server.url}/api/2.0/mlflow-artifacts/artifacts/${root}/${encodeURI(path)}`,
      );
      expect(got.status).toBe(200);
      expect(sha256(new Uint8Array(await got.arrayBuffer()))).toBe(sha256(body));
    }

    // The bytes are really in the bucket, under the configured prefix, not in the data directory.
    const keys = await bucketKeys();
    for (const [path, body] of files) {
      const key = `${PREFIX}/${root}/${path}`;
      expect(keys.get(key), key).toBe(body.length);
      expect(sha256(await objectBytes(key))).toBe(sha256(body));
    }
    expect(readdirSync(dataDir)).not.toContain('artifacts');
  });

  it('registers a model uploaded to the bucket and serves it, loaded from S3', async () => {
    const onnx = new Uint8Array(readFileSync(ONNX));
    const golden = JSON.parse(readFileSync(GOLDEN, 'utf8')) as {
      inputs: number[][];
      expected: number[][];
    };
    expect((await api('POST', '/api/v1/models', { name: 'cancer' })).status).toBe(201);
    const uploadId = randomUUID();
    const upload = await fetch(
      `${server.url}/api/v1/models/cancer/uploads/${uploadId}/model.onnx`,
      {
        method: 'PUT',
        headers: { 'content-type': 'application/octet-stream' },
        body: onnx,
      },
    );
    expect(upload.status, await upload.clone().text()).toBe(204);
    const version = await api('POST', '/api/v1/models/cancer/versions', {
      source: `mlflow-artifacts:/models/cancer/${uploadId}`,
    });
    expect(version.status, JSON.stringify(version.json)).toBe(201);
    expect(version.json.modelVersion).toMatchObject({ name: 'cancer', version: '1' });
    expect(version.json.modelVersion.contentDigest).toMatch(/^sha256:[0-9a-f]{64}$/u);

    const key = `${PREFIX}/models/cancer/${uploadId}/model.onnx`;
    expect((await bucketKeys()).get(key)).toBe(onnx.length);
    expect(sha256(await objectBytes(key))).toBe(sha256(onnx));

    const before = (await s3.requests()).length;
    const applied = await api('POST', '/api/v1/deployments', {
      name: 'cancer-live',
      policy: { type: 'single', model: 'models:/cancer/1' },
    });
    expect(applied.status, JSON.stringify(applied.json)).toBe(200);
    // Loading the version fetched the model file from the bucket.
    const loads = (await s3.requests()).slice(before);
    expect(loads).toContainEqual(
      expect.stringMatching(
        new RegExp(`^GET /${BUCKET}/${PREFIX}/models/cancer/${uploadId}/model\\.onnx`, 'u'),
      ),
    );

    const rows = golden.inputs.slice(0, 64);
    const reply = await fetch(`${server.url}/v2/models/cancer-live/infer`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        inputs: [{ name: 'input', datatype: 'FP32', shape: [rows.length, 30], data: rows.flat() }],
      }),
    });
    const body = (await reply.json()) as {
      model_version?: string;
      outputs?: { data: number[]; shape: number[] }[];
    };
    expect(reply.status, JSON.stringify(body)).toBe(200);
    expect(body.model_version).toBe('1');
    const outputs = body.outputs?.[0]?.data ?? [];
    expect(outputs).toHaveLength(rows.length);
    outputs.forEach((value, row) => {
      expect(
        Math.abs(value - (golden.expected[row]?.[0] ?? Number.NaN)),
        `row ${row}`,
      ).toBeLessThan(1e-5);
    });

    // The served version cannot be overwritten in the bucket through the server.
    const overwrite = await fetch(
      `${server.url}/api/2.0/mlflow-artifacts/artifacts/models/cancer/${uploadId}/model.onnx`,
      { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: 'x' },
    );
    expect(overwrite.status).toBeGreaterThanOrEqual(400);
    expect(sha256(await objectBytes(key))).toBe(sha256(onnx));
  });
});
