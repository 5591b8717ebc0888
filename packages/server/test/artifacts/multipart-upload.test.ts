import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Caller } from '@slipway/core';
import { buildHttpApp } from '../../src/http/build-app.js';
import { openPlatform } from '../../src/platform.js';
import type { Platform, PlatformConfig } from '../../src/platform.js';
import { S3RVER_CREDENTIALS } from './s3rver-server.js';
import type { RunningS3rver } from './s3rver-server.js';
import { startS3rverWithUploads } from './s3rver-uploads.js';

/**
 * MLflow's proxied multipart upload (MLFLOW_ENABLE_PROXY_MULTIPART_UPLOAD) against a real server:
 * on an s3:// store the client PUTs the parts to presigned URLs on s3rver over HTTP and the file
 * then reads back through the proxy; on local files the server answers MLflow's "not supported"
 * so the client falls back to one PUT, without logging it as a failure.
 */

const MiB = 1024 * 1024;
const BUCKET = 'slipway-mpu';
const PREFIX = 'store';
const ADMIN_PASSWORD = 'admin-password-123';
const SYSTEM: Caller = { username: 'admin', isAdmin: true, via: 'system' };

const basic = (user: string, password = `${user}-password-123`) =>
  `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
const ADMIN = basic('admin', ADMIN_PASSWORD);
const BOB = basic('bob');

interface Reply {
  status: number;
  // Test code reads arbitrary JSON answers.
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
  text: string;
}

interface TestServer {
  platform: Platform;
  app: FastifyInstance;
  url: string;
  logs: { level: number; msg?: string; err?: unknown }[];
  close(): Promise<void>;
}

async function startTestServer(config: Partial<PlatformConfig>): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-mpu-'));
  const logs: TestServer['logs'] = [];
  const logger = pino({ level: 'trace' }, { write: (line: string) => logs.push(JSON.parse(line)) });
  const platform = await openPlatform({
    logger,
    authEnabled: true,
    adminPassword: ADMIN_PASSWORD,
    backendStoreUri: `sqlite:${join(dir, 'db')}`,
    artifactsUri: `file:${join(dir, 'artifacts')}`,
    dbPoolSize: 2,
    s3Region: 'us-east-1',
    s3ForcePathStyle: true,
    ...config,
  });
  const app = await buildHttpApp(platform, {
    bodyLimitBytes: 16 * MiB,
    artifactLimitBytes: 64 * MiB,
    logger,
    logLevel: 'trace',
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  await platform.users.create(SYSTEM, {
    username: 'bob',
    password: 'bob-password-123',
    isAdmin: false,
  });
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return {
    platform,
    app,
    url: `http://127.0.0.1:${port}`,
    logs,
    async close() {
      await app.close();
      await platform.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

async function call(
  server: TestServer,
  method: string,
  path: string,
  body?: unknown,
  auth = ADMIN,
): Promise<Reply> {
  const headers: Record<string, string> = { authorization: auth };
  let payload: string | Uint8Array | undefined;
  if (body instanceof Uint8Array) {
    payload = body;
    headers['content-type'] = 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] = 'application/json';
  }
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(payload === undefined ? {} : { body: payload }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, json, text };
}

/** An experiment of the admin's with one run; its artifact directory as a store path. */
async function runArtifacts(
  server: TestServer,
  name: string,
): Promise<{ exp: string; dir: string; runId: string }> {
  const exp = await call(server, 'POST', '/api/2.0/mlflow/experiments/create', { name });
  expect(exp.status, exp.text).toBe(200);
  const run = await call(server, 'POST', '/api/2.0/mlflow/runs/create', {
    experiment_id: exp.json.experiment_id,
  });
  expect(run.status, run.text).toBe(200);
  const uri: string = run.json.run.info.artifact_uri;
  return {
    exp: exp.json.experiment_id,
    runId: run.json.run.info.run_id,
    dir: uri.replace(/^mlflow-artifacts:\/+/u, ''),
  };
}

const mpu = (action: 'create' | 'complete' | 'abort', dir: string) =>
  `/api/2.0/mlflow-artifacts/mpu/${action}/${dir}`;
const proxy = (path: string) => `/api/2.0/mlflow-artifacts/artifacts/${path}`;

/** What MLflow's client does with each credential: PUT the bytes, keep the answered ETag. */
async function putPart(
  credential: { url: string; part_number: number; headers?: Record<string, string> },
  bytes: Uint8Array,
): Promise<{ part_number: number; etag: string; url: string }> {
  const response = await fetch(credential.url, {
    method: 'PUT',
    headers: credential.headers ?? {},
    body: bytes,
  });
  expect(response.status, await response.clone().text()).toBe(200);
  const etag = response.headers.get('etag');
  expect(etag).toBeTruthy();
  return { part_number: credential.part_number, etag: etag as string, url: credential.url };
}

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

describe('multipart upload through the MLflow artifact proxy on S3 (s3rver)', () => {
  let s3: RunningS3rver;
  let server: TestServer;
  let raw: S3Client;

  beforeAll(async () => {
    s3 = await startS3rverWithUploads([BUCKET]);
    raw = new S3Client({
      endpoint: s3.endpoint,
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: S3RVER_CREDENTIALS,
    });
    server = await startTestServer({
      artifactsUri: `s3://${BUCKET}/${PREFIX}`,
      s3EndpointUrl: s3.endpoint,
      s3AccessKeyId: S3RVER_CREDENTIALS.accessKeyId,
      s3SecretAccessKey: S3RVER_CREDENTIALS.secretAccessKey,
    });
  }, 60_000);

  afterAll(async () => {
    await server?.close();
    raw?.destroy();
    await s3?.stop();
  });

  /** Every key the store holds under a store path, read from S3 itself. */
  async function keysUnder(path: string): Promise<string[]> {
    const listed = await raw.send(
      new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${PREFIX}/${path}` }),
    );
    return (listed.Contents ?? []).map((object) => object.Key ?? '');
  }

  it('uploads 12 MiB in 3 parts sent straight to S3, then serves the bytes through the proxy', async () => {
    const { dir } = await runArtifacts(server, 'mpu-roundtrip');
    const data = randomBytes(12 * MiB);
    const target = `${dir}/data`;
    // MLflow sends the client's local path; the URL names the destination directory.
    const created = await call(server, 'POST', mpu('create', target), {
      path: '/home/me/outputs/weights.bin',
      num_parts: 3,
    });
    expect(created.status, created.text).toBe(200);
    expect(created.json.upload_id).toEqual(expect.any(String));
    const credentials = created.json.credentials as { url: string; part_number: number }[];
    expect(credentials.map((c) => c.part_number)).toEqual([1, 2, 3]);
    for (const credential of credentials) {
      const url = new URL(credential.url);
      expect(url.origin).toBe(s3.endpoint);
      expect(url.pathname).toBe(`/${BUCKET}/${PREFIX}/${target}/weights.bin`);
      expect(url.searchParams.get('partNumber')).toBe(String(credential.part_number));
      expect(url.searchParams.get('uploadId')).toBe(created.json.upload_id);
      // A checksum of an empty body signed into the URL would make S3 refuse the real bytes.
      expect(credential.url).not.toMatch(/x-amz-checksum|x-amz-sdk-checksum/iu);
    }
    const before = (await s3.requests()).length;

    const slices = [
      data.subarray(0, 5 * MiB),
      data.subarray(5 * MiB, 10 * MiB),
      data.subarray(10 * MiB),
    ];
    // In parallel and out of order, as a client's thread pool may finish them.
    const parts = await Promise.all([2, 0, 1].map((i) => putPart(credentials[i]!, slices[i]!)));
    const partRequests = (await s3.requests())
      .slice(before)
      .filter((line) => line.startsWith('PUT ') && line.includes('partNumber='));
    expect(partRequests).toHaveLength(3);

    // Nothing is readable before completion.
    expect((await call(server, 'GET', proxy(`${target}/weights.bin`))).status).toBe(404);
    const completed = await call(server, 'POST', mpu('complete', target), {
      path: '/home/me/outputs/weights.bin',
      upload_id: created.json.upload_id,
      parts,
    });
    expect(completed.status, completed.text).toBe(200);
    expect(completed.json).toEqual({});

    const response = await fetch(`${server.url}${proxy(`${target}/weights.bin`)}`, {
      headers: { authorization: ADMIN },
    });
    expect(response.status).toBe(200);
    const got = new Uint8Array(await response.arrayBuffer());
    expect(got.length).toBe(data.length);
    expect(sha256(got)).toBe(sha256(data));
    const listed = await call(server, 'GET', `/api/2.0/mlflow-artifacts/artifacts?path=${target}`);
    expect(listed.json.files).toEqual([
      { path: 'weights.bin', is_dir: false, file_size: data.length },
    ]);
  }, 120_000);

  it('aborts an upload: its parts are discarded and nothing is stored', async () => {
    const { dir } = await runArtifacts(server, 'mpu-abort');
    const created = await call(server, 'POST', mpu('create', dir), {
      path: 'C:\\Users\\me\\big.bin',
      num_parts: 2,
    });
    expect(created.status, created.text).toBe(200);
    const [first] = created.json.credentials as { url: string; part_number: number }[];
    // A Windows client's local path still names the file by its base name.
    expect(new URL(first!.url).pathname).toBe(`/${BUCKET}/${PREFIX}/${dir}/big.bin`);
    const part = await putPart(first!, randomBytes(5 * MiB));

    const aborted = await call(server, 'POST', mpu('abort', dir), {
      path: 'C:\\Users\\me\\big.bin',
      upload_id: created.json.upload_id,
    });
    expect(aborted.status, aborted.text).toBe(200);
    expect(aborted.json).toEqual({});
    expect(await keysUnder(dir)).toEqual([]);
    expect((await call(server, 'GET', proxy(`${dir}/big.bin`))).status).toBe(404);
    const listed = await call(server, 'GET', `/api/2.0/mlflow-artifacts/artifacts?path=${dir}`);
    expect(listed.json.files ?? []).toEqual([]);
    // The upload is gone: it cannot be completed afterwards.
    const late = await call(server, 'POST', mpu('complete', dir), {
      path: 'big.bin',
      upload_id: created.json.upload_id,
      parts: [part],
    });
    expect(late.status, late.text).toBe(404);
    expect(late.json.error_code).toBe('RESOURCE_DOES_NOT_EXIST');
    expect(await keysUnder(dir)).toEqual([]);
  }, 60_000);

  it('refuses callers without EDIT on the experiment, at every step', async () => {
    const { exp, dir } = await runArtifacts(server, 'mpu-permissions');
    const body = { path: 'model.bin', num_parts: 1 };
    // Everyone has READ by default: not enough to write.
    const refused = await call(server, 'POST', mpu('create', dir), body, BOB);
    expect(refused.status, refused.text).toBe(403);
    expect(refused.json.error_code).toBe('PERMISSION_DENIED');

    const created = await call(server, 'POST', mpu('create', dir), body);
    expect(created.status, created.text).toBe(200);
    const part = await putPart(created.json.credentials[0], randomBytes(1024));
    const upload = { path: 'model.bin', upload_id: created.json.upload_id };
    const complete = await call(
      server,
      'POST',
      mpu('complete', dir),
      { ...upload, parts: [part] },
      BOB,
    );
    expect(complete.status, complete.text).toBe(403);
    const abort = await call(server, 'POST', mpu('abort', dir), upload, BOB);
    expect(abort.status, abort.text).toBe(403);
    expect(await keysUnder(dir)).toEqual([]);

    const granted = await call(server, 'POST', '/api/2.0/mlflow/experiments/permissions/create', {
      experiment_id: exp,
      username: 'bob',
      permission: 'EDIT',
    });
    expect(granted.status, granted.text).toBe(200);
    const done = await call(
      server,
      'POST',
      mpu('complete', dir),
      { ...upload, parts: [part] },
      BOB,
    );
    expect(done.status, done.text).toBe(200);
    expect(await keysUnder(dir)).toEqual([`${PREFIX}/${dir}/model.bin`]);
  }, 60_000);

  it("refuses uploads into a registered version's files, also when registered meanwhile", async () => {
    const { dir, runId } = await runArtifacts(server, 'mpu-immutable');
    const put = await call(
      server,
      'PUT',
      proxy(`${dir}/model/model.onnx`),
      new Uint8Array([1, 2, 3]),
    );
    expect(put.status, put.text).toBe(200);
    // Started before the registration, completed after it.
    const early = await call(server, 'POST', mpu('create', `${dir}/model`), {
      path: 'model.onnx',
      num_parts: 1,
    });
    expect(early.status, early.text).toBe(200);
    const part = await putPart(early.json.credentials[0], randomBytes(1024));

    expect(
      (
        await call(server, 'POST', '/api/2.0/mlflow/registered-models/create', {
          name: 'mpu-model',
        })
      ).status,
    ).toBe(200);
    const version = await call(server, 'POST', '/api/2.0/mlflow/model-versions/create', {
      name: 'mpu-model',
      source: `runs:/${runId}/model`,
      run_id: runId,
    });
    expect(version.status, version.text).toBe(200);

    const refused = await call(server, 'POST', mpu('create', `${dir}/model`), {
      path: 'extra.bin',
      num_parts: 1,
    });
    expect(refused.status, refused.text).toBe(400);
    expect(refused.json.error_code).toBe('INVALID_STATE');
    expect(refused.json.message).toContain("model 'mpu-model' version 1");

    const late = await call(server, 'POST', mpu('complete', `${dir}/model`), {
      path: 'model.onnx',
      upload_id: early.json.upload_id,
      parts: [part],
    });
    expect(late.status, late.text).toBe(400);
    expect(late.json.error_code).toBe('INVALID_STATE');
    const file = await fetch(`${server.url}${proxy(`${dir}/model/model.onnx`)}`, {
      headers: { authorization: ADMIN },
    });
    expect(new Uint8Array(await file.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    // Aborting changes no file, so it stays allowed and cleans the parts up.
    const aborted = await call(server, 'POST', mpu('abort', `${dir}/model`), {
      path: 'model.onnx',
      upload_id: early.json.upload_id,
    });
    expect(aborted.status, aborted.text).toBe(200);
  }, 60_000);

  it('answers bad requests with 400s naming the field', async () => {
    const { dir } = await runArtifacts(server, 'mpu-validation');
    const cases: [string, unknown, string][] = [
      ['create', { num_parts: 2 }, "'path'"],
      ['create', { path: 'a.bin', num_parts: 0 }, '1 to 10000 parts'],
      ['create', { path: 'a.bin', num_parts: 10_001 }, '1 to 10000 parts'],
      ['create', { path: 'out/', num_parts: 1 }, "'path'"],
      ['create', { path: '..', num_parts: 1 }, '..'],
      ['complete', { path: 'a.bin', upload_id: 'x', parts: [] }, "'parts'"],
      [
        'complete',
        {
          path: 'a.bin',
          upload_id: 'x',
          parts: [
            { part_number: 1, etag: 'e' },
            { part_number: 1, etag: 'e' },
          ],
        },
        'listed twice',
      ],
      ['abort', { path: 'a.bin' }, 'upload id'],
    ];
    for (const [action, body, message] of cases) {
      const reply = await call(server, 'POST', mpu(action as 'create', dir), body);
      expect(reply.status, `${action} ${JSON.stringify(body)}: ${reply.text}`).toBe(400);
      expect(reply.json.message).toContain(message);
    }
    // An upload id is bound to its path: not usable to write another file.
    const created = await call(server, 'POST', mpu('create', dir), { path: 'a.bin', num_parts: 1 });
    const part = await putPart(created.json.credentials[0], randomBytes(1024));
    const elsewhere = await call(server, 'POST', mpu('complete', dir), {
      path: 'b.bin',
      upload_id: created.json.upload_id,
      parts: [part],
    });
    expect(elsewhere.status, elsewhere.text).toBe(404);
    expect(elsewhere.json.message).toContain(`No multipart upload ${created.json.upload_id}`);
    expect(server.logs.filter((line) => line.level >= 50)).toEqual([]);
  }, 60_000);
});

describe('multipart upload on the local file store', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({});
  });
  afterAll(async () => {
    await server?.close();
  });

  it("answers MLflow's not-supported message with 501, logged as no error", async () => {
    const { dir } = await runArtifacts(server, 'mpu-local');
    const bodies = {
      create: { path: '/tmp/big.bin', num_parts: 3 },
      complete: { path: '/tmp/big.bin', upload_id: 'u', parts: [{ part_number: 1, etag: 'e' }] },
      abort: { path: '/tmp/big.bin', upload_id: 'u' },
    };
    for (const [action, body] of Object.entries(bodies)) {
      const reply = await call(server, 'POST', mpu(action as 'create', dir), body);
      expect(reply.status, reply.text).toBe(501);
      expect(reply.json).toEqual({
        error_code: 'NOT_IMPLEMENTED',
        message: 'Multipart upload is not supported for the current artifact repository',
      });
    }
    // The client falls back to one PUT, which works.
    const put = await call(server, 'PUT', proxy(`${dir}/big.bin`), new Uint8Array([7]));
    expect(put.status).toBe(200);
    // Permissions are still checked first.
    const bob = await call(server, 'POST', mpu('create', dir), bodies.create, BOB);
    expect(bob.status).toBe(403);
    expect(server.logs.filter((line) => line.level >= 50)).toEqual([]);
  });
});
