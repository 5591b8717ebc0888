import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Metadata } from '@grpc/grpc-js';
import type { ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '../../src/index.js';
import type { RunningServer } from '../../src/index.js';
import { constantPredictor } from '../deployments/support/deployment-harness.js';
import { InferenceClient } from '../grpc/support/grpc-client.js';

/*
 * Every API surface of one real server with authentication on (ADR 0011): refused without
 * credentials, with a wrong password and with an unknown token, in the error shape of the API
 * asked; served with a password or a token; and a refused destructive call changes nothing.
 */

const ADMIN_PASSWORD = 'admin-password-123';
const MODEL = 'guarded-model';
const DEPLOYMENT = 'guarded';
const ARTIFACT_TEXT = 'hello from a guarded run';
/** The deployment answers this for every row (constantPredictor). */
const PREDICTION = 0.25;

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
const ADMIN = basic('admin', ADMIN_PASSWORD);

interface Reply {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

interface SendOptions {
  authorization?: string | undefined;
  body?: unknown;
  headers?: Record<string, string>;
}

let server: RunningServer;
let dataDir: string;
let runId: string;
let uploadId: string;
let experimentId: string;

async function send(method: string, path: string, options: SendOptions = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.authorization !== undefined) headers['authorization'] = options.authorization;
  const init: RequestInit = { method, headers };
  if (options.body !== undefined) {
    if (typeof options.body === 'string' || options.body instanceof Uint8Array) {
      init.body = options.body;
      headers['content-type'] ??= 'application/octet-stream';
    } else {
      init.body = JSON.stringify(options.body);
      headers['content-type'] ??= 'application/json';
    }
  }
  const response = await fetch(`${server.url}${path}`, init);
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** Sends as admin and fails unless the answer has the expected status. */
async function admin(
  method: string,
  path: string,
  status: number,
  body?: unknown,
  headers?: Record<string, string>,
): Promise<Reply> {
  const reply = await send(method, path, {
    authorization: ADMIN,
    body,
    ...(headers === undefined ? {} : { headers }),
  });
  if (reply.status !== status) {
    throw new Error(`${method} ${path}: expected ${status}, got ${reply.status} ${reply.text}`);
  }
  return reply;
}

const inferBody = {
  inputs: [{ name: 'input', datatype: 'FP32', shape: [2, 30], data: new Array(60).fill(0.5) }],
};
const scoringBody = { inputs: [new Array(30).fill(0.5), new Array(30).fill(1)] };

type Api = 'native' | 'mlflow' | 'oip' | 'scoring' | 'metrics';

interface Probe {
  api: Api;
  method: string;
  path: () => string;
  body?: unknown;
  headers?: Record<string, string>;
  /** What a served request answers (only for probes that are safe to repeat). */
  served?: (reply: Reply) => void;
}

function expectPredictions(reply: Reply): void {
  expect(reply.status).toBe(200);
  expect(reply.json.predictions).toHaveLength(2);
  expect(JSON.stringify(reply.json.predictions)).toContain(String(PREDICTION));
}

const PROBES: Probe[] = [
  {
    api: 'native',
    method: 'GET',
    path: () => '/api/v1/experiments',
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.json.experiments.map((e: { name: string }) => e.name)).toContain('surfaces');
    },
  },
  {
    api: 'native',
    method: 'GET',
    path: () => `/api/v1/runs/${runId}/artifacts/notes/readme.txt`,
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.text).toBe(ARTIFACT_TEXT);
    },
  },
  {
    api: 'native',
    method: 'GET',
    path: () => `/api/v1/deployments/${DEPLOYMENT}`,
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.json.deployment.name).toBe(DEPLOYMENT);
    },
  },
  {
    api: 'native',
    method: 'GET',
    path: () => '/api/v1/audit',
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.json.events.map((e: { action: string }) => e.action)).toContain('experiment.create');
    },
  },
  {
    api: 'mlflow',
    method: 'GET',
    path: () => '/api/2.0/mlflow/experiments/search?max_results=100',
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.json.experiments.map((e: { name: string }) => e.name)).toContain('surfaces');
    },
  },
  {
    api: 'mlflow',
    method: 'POST',
    path: () => '/ajax-api/2.0/mlflow/runs/search',
    body: { experiment_ids: [] as string[] },
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.json.runs.map((run: { info: { run_id: string } }) => run.info.run_id)).toEqual([
        runId,
      ]);
    },
  },
  {
    api: 'mlflow',
    method: 'GET',
    path: () => `/api/2.0/mlflow-artifacts/artifacts?path=models/${MODEL}/${uploadId}`,
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.json.files.map((f: { path: string }) => f.path).sort()).toEqual([
        'predictor.mjs',
        'slipway-model.json',
      ]);
    },
  },
  { api: 'mlflow', method: 'DELETE', path: () => '/api/2.0/mlflow-artifacts/artifacts/models' },
  {
    api: 'mlflow',
    method: 'PUT',
    path: () =>
      `/api/2.0/mlflow-artifacts/artifacts/${experimentId}/${runId}/artifacts/intruder.txt`,
    body: 'written by nobody',
  },
  {
    api: 'mlflow',
    method: 'POST',
    path: () => '/api/2.0/mlflow/experiments/create',
    body: { name: 'intruder' },
  },
  {
    api: 'native',
    method: 'PUT',
    path: () => `/api/v1/runs/${runId}/artifacts/intruder.txt`,
    body: 'written by nobody',
  },
  { api: 'native', method: 'DELETE', path: () => `/api/v1/deployments/${DEPLOYMENT}` },
  {
    api: 'mlflow',
    method: 'GET',
    path: () => `/get-artifact?path=notes/readme.txt&run_uuid=${runId}`,
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.text).toBe(ARTIFACT_TEXT);
    },
  },
  {
    api: 'mlflow',
    method: 'GET',
    path: () => '/api/2.0/mlflow/users/get?username=admin',
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.json.user).toMatchObject({ username: 'admin', is_admin: true });
    },
  },
  {
    api: 'oip',
    method: 'GET',
    path: () => '/v2',
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.json.name).toBe('slipway');
    },
  },
  {
    api: 'oip',
    method: 'GET',
    path: () => `/v2/models/${DEPLOYMENT}`,
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.json.inputs).toEqual([{ name: 'input', datatype: 'FP32', shape: [-1, 30] }]);
    },
  },
  {
    api: 'oip',
    method: 'POST',
    path: () => `/v2/models/${DEPLOYMENT}/infer`,
    body: inferBody,
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.json.outputs[0].data).toEqual([PREDICTION, PREDICTION]);
    },
  },
  {
    api: 'oip',
    method: 'POST',
    path: () => '/v2/repository/index',
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.json).toContainEqual(expect.objectContaining({ name: DEPLOYMENT, state: 'READY' }));
    },
  },
  { api: 'oip', method: 'POST', path: () => `/v2/repository/models/${DEPLOYMENT}/unload` },
  {
    api: 'scoring',
    method: 'POST',
    path: () => '/invocations',
    body: scoringBody,
    headers: { 'x-slipway-deployment': DEPLOYMENT },
    served: expectPredictions,
  },
  {
    api: 'scoring',
    method: 'POST',
    path: () => `/api/v1/deployments/${DEPLOYMENT}/invocations`,
    body: scoringBody,
    served: expectPredictions,
  },
  {
    api: 'metrics',
    method: 'GET',
    path: () => '/metrics',
    served: (r) => {
      expect(r.status).toBe(200);
      expect(r.text).toMatch(/^# (HELP|TYPE) /mu);
    },
  },
];

function expectRefused(probe: Probe, reply: Reply): void {
  const what = `${probe.method} ${probe.path()}`;
  expect(reply.status, what).toBe(401);
  expect(reply.headers.get('www-authenticate') ?? '', what).toMatch(/^Basic/u);
  switch (probe.api) {
    case 'native':
      expect(reply.json?.error?.code, what).toBe('UNAUTHENTICATED');
      break;
    case 'mlflow':
    case 'scoring':
      expect(reply.json?.error_code, what).toBe('UNAUTHENTICATED');
      expect(typeof reply.json?.message, what).toBe('string');
      break;
    case 'oip':
      expect(typeof reply.json?.error, what).toBe('string');
      expect(Object.keys(reply.json ?? {}), what).toEqual(['error']);
      break;
    case 'metrics':
      expect(reply.headers.get('content-type') ?? '', what).toMatch(/^text\/plain/u);
      expect(reply.json, what).toBeUndefined();
      expect(reply.text, what).not.toMatch(/^# (HELP|TYPE) /mu);
      break;
  }
}

async function sendProbe(probe: Probe, authorization: string | undefined): Promise<Reply> {
  return send(probe.method, probe.path(), {
    authorization,
    body: probe.body,
    ...(probe.headers === undefined ? {} : { headers: probe.headers }),
  });
}

/** What the repository index says of the deployment, as the admin sees it. */
async function deploymentState(): Promise<string | undefined> {
  const index = await admin('POST', '/v2/repository/index', 200);
  return (index.json as { name: string; state: string }[]).find((e) => e.name === DEPLOYMENT)
    ?.state;
}

async function versionFile(path: string): Promise<Reply> {
  return send('GET', `/api/2.0/mlflow-artifacts/artifacts/models/${MODEL}/${uploadId}/${path}`, {
    authorization: ADMIN,
  });
}

const predictorFiles = constantPredictor(PREDICTION);

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'slipway-surfaces-'));
  server = await startServer(
    loadServerConfig(
      {
        port: 0,
        dataDir,
        logLevel: 'silent',
        auth: 'on',
        adminPassword: ADMIN_PASSWORD,
        grpcPort: 0,
        workerPoolSize: 1,
      },
      {},
    ),
  );
  const created = await admin('POST', '/api/v1/experiments', 201, { name: 'surfaces' });
  experimentId = created.json.experiment.experimentId;
  const run = await admin('POST', '/api/v1/runs', 201, { experimentId });
  runId = run.json.run.info.runId;
  await admin('PUT', `/api/v1/runs/${runId}/artifacts/notes/readme.txt`, 204, ARTIFACT_TEXT);
  // The runs/search probe searches the one experiment with the run.
  const searchProbe = PROBES.find((p) => p.path() === '/ajax-api/2.0/mlflow/runs/search');
  if (searchProbe !== undefined) searchProbe.body = { experiment_ids: [experimentId] };

  await admin('POST', '/api/v1/models', 201, { name: MODEL });
  uploadId = randomUUID();
  for (const file of predictorFiles) {
    await admin('PUT', `/api/v1/models/${MODEL}/uploads/${uploadId}/${file.path}`, 204, file.body);
  }
  await admin('POST', `/api/v1/models/${MODEL}/versions`, 201, {
    source: `mlflow-artifacts:/models/${MODEL}/${uploadId}`,
  });
  const applied = await admin('POST', '/api/v1/deployments', 200, {
    name: DEPLOYMENT,
    policy: { type: 'single', model: `models:/${MODEL}/1` },
  });
  expect(applied.json.deployment.status).toBe('ready');
});

afterAll(async () => {
  await server?.close();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe('HTTP surfaces with authentication on', () => {
  const refusals: [string, () => string | undefined][] = [
    ['no credentials', () => undefined],
    ['a wrong password', () => basic('admin', 'not-the-admin-password')],
    ['an unknown user', () => basic('nobody-here', ADMIN_PASSWORD)],
    ['a garbage bearer token', () => 'Bearer slw_this-is-not-a-token-at-all'],
    ['a malformed header', () => 'Basic !!!not-base64'],
  ];

  it.each(refusals)(
    'refuses every API with %s, in its own error shape',
    async (_label, authorization) => {
      for (const probe of PROBES) {
        expectRefused(probe, await sendProbe(probe, authorization()));
      }
    },
  );

  it('answers an unknown user exactly as a wrong password (no probing for names)', async () => {
    for (const path of ['/api/v1/experiments', '/api/2.0/mlflow/experiments/search', '/v2']) {
      const wrong = await send('GET', path, { authorization: basic('admin', 'not-this-one-0') });
      const unknown = await send('GET', path, { authorization: basic('ghost', 'not-this-one-0') });
      expect(wrong.status).toBe(401);
      expect([unknown.status, unknown.text]).toEqual([wrong.status, wrong.text]);
    }
  });

  it('changed nothing through the refused calls: still loaded, files still there', async () => {
    expect(await deploymentState()).toBe('READY');
    const manifest = predictorFiles.find((f) => f.path === 'slipway-model.json');
    const file = await versionFile('slipway-model.json');
    expect(file.status).toBe(200);
    expect(file.text).toBe(manifest?.body);
    const artifact = await send('GET', `/api/v1/runs/${runId}/artifacts/notes/readme.txt`, {
      authorization: ADMIN,
    });
    expect(artifact.text).toBe(ARTIFACT_TEXT);
    const listed = await admin('GET', `/api/v1/runs/${runId}/artifacts?path=`, 200);
    expect(JSON.stringify(listed.json)).not.toContain('intruder');
    const intruder = await send('GET', `/api/v1/runs/${runId}/artifacts/intruder.txt`, {
      authorization: ADMIN,
    });
    expect(intruder.status).toBe(404);
    const experiments = await admin('GET', '/api/v1/experiments', 200);
    expect(experiments.json.experiments.map((e: { name: string }) => e.name)).not.toContain(
      'intruder',
    );
    await admin('GET', `/api/v1/deployments/${DEPLOYMENT}`, 200);
    const changes = await admin(
      'GET',
      '/api/v1/audit?resourceType=deployment&maxResults=1000',
      200,
    );
    expect(changes.json.events.map((e: { action: string }) => e.action)).toEqual([
      'deployment.create',
    ]);
  });

  it('answers the open paths without credentials', async () => {
    const health = await send('GET', '/health');
    expect([health.status, health.text]).toEqual([200, 'OK']);
    const live = await send('GET', '/v2/health/live');
    // The inference protocol's probes answer by status code, with an empty body.
    expect([live.status, live.text]).toEqual([200, '']);
    const ready = await send('GET', '/v2/health/ready');
    expect([ready.status, ready.text]).toEqual([200, '']);
    expect((await send('GET', '/ping')).status).toBe(200);
    const openapi = await send('GET', '/api/openapi.json');
    expect(openapi.status).toBe(200);
    expect(openapi.json.paths['/api/v1/audit']).toBeDefined();
  });

  it('serves every API with a valid password and with a valid token', async () => {
    const token = await admin('POST', '/api/v1/tokens', 201, { name: 'surfaces' });
    expect(token.json.secret).toMatch(/^slw_/u);
    for (const authorization of [ADMIN, `Bearer ${token.json.secret as string}`]) {
      for (const probe of PROBES) {
        if (probe.served === undefined) continue;
        const reply = await sendProbe(probe, authorization);
        expect(reply.status, `${probe.method} ${probe.path()}: ${reply.text}`).not.toBe(401);
        probe.served(reply);
      }
    }
  });

  it('unloads and loads with credentials, and deleting a version\u2019s files is refused for another reason', async () => {
    const unload = await send('POST', `/v2/repository/models/${DEPLOYMENT}/unload`, {
      authorization: ADMIN,
    });
    expect([unload.status, unload.json]).toEqual([200, { name: DEPLOYMENT, unload: true }]);
    expect(await deploymentState()).not.toBe('READY');
    const token = await admin('POST', '/api/v1/tokens', 201, { name: 'reload' });
    const load = await send('POST', `/v2/repository/models/${DEPLOYMENT}/load`, {
      authorization: `Bearer ${token.json.secret as string}`,
    });
    expect([load.status, load.json]).toEqual([200, { name: DEPLOYMENT, load: true }]);
    expect(await deploymentState()).toBe('READY');
    const audit = await admin('GET', '/api/v1/audit?resourceType=deployment', 200);
    const [loaded, unloaded] = audit.json.events;
    expect(unloaded).toMatchObject({ action: 'deployment.unload', actor: 'admin' });
    expect(unloaded.tokenId).toBeUndefined();
    expect(loaded).toMatchObject({
      action: 'deployment.load',
      actor: 'admin',
      tokenId: token.json.token.id,
    });

    // Authenticated, so the answer is the artifact proxy's: registered files are immutable.
    const remove = await send('DELETE', '/api/2.0/mlflow-artifacts/artifacts/models', {
      authorization: ADMIN,
    });
    expect(remove.status).not.toBe(401);
    expect(remove.status).toBeGreaterThanOrEqual(400);
    expect(remove.json?.error_code).toEqual(expect.any(String));
    expect((await versionFile('predictor.mjs')).status).toBe(200);
  });

  it('applies a password change and a user deletion at once on this server', async () => {
    const adminCaller = { username: 'admin', isAdmin: true, via: 'system' } as const;
    await server.platform.users.create(adminCaller, {
      username: 'dana',
      password: 'dana-first-password',
    });
    const first = basic('dana', 'dana-first-password');
    // Served, so the credential is now cached for this server's cache time.
    expect((await send('GET', '/api/v1/experiments', { authorization: first })).status).toBe(200);
    const token = await send('POST', '/api/v1/tokens', {
      authorization: first,
      body: { name: 'danas' },
    });
    expect(token.status).toBe(201);
    const bearer = `Bearer ${token.json.secret as string}`;
    expect((await send('GET', '/api/v1/experiments', { authorization: bearer })).status).toBe(200);

    const changed = await send('PATCH', '/api/v1/users/dana', {
      authorization: ADMIN,
      body: { password: 'dana-second-password' },
    });
    expect(changed.status, changed.text).toBe(200);
    expect((await send('GET', '/api/v1/experiments', { authorization: first })).status).toBe(401);
    const second = basic('dana', 'dana-second-password');
    expect((await send('GET', '/api/v1/experiments', { authorization: second })).status).toBe(200);

    await admin('DELETE', '/api/v1/users/dana', 204);
    expect((await send('GET', '/api/v1/experiments', { authorization: second })).status).toBe(401);
    expect((await send('GET', '/api/v1/experiments', { authorization: bearer })).status).toBe(401);
  });

  it('refuses a token once it is revoked', async () => {
    const created = await admin('POST', '/api/v1/tokens', 201, { name: 'short-lived' });
    const bearer = `Bearer ${created.json.secret as string}`;
    const before = await send('GET', '/api/v1/experiments', { authorization: bearer });
    expect(before.status).toBe(200);
    await admin('DELETE', `/api/v1/tokens/${created.json.token.id as string}`, 204);
    for (const probe of PROBES) {
      expectRefused(probe, await sendProbe(probe, bearer));
    }
    // Revoked and unknown tokens get the same answer.
    const revoked = await send('GET', '/api/v1/experiments', { authorization: bearer });
    const unknown = await send('GET', '/api/v1/experiments', {
      authorization: 'Bearer slw_never-issued-by-this-server',
    });
    expect(revoked.text).toBe(unknown.text);
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type GrpcReply = { response?: any; error?: ServiceError };
type UnaryWithMetadata = (
  request: unknown,
  metadata: Metadata,
  callback: (error: ServiceError | null, response: unknown) => void,
) => unknown;

/** A unary gRPC call with optional metadata; resolves with the response or the error. */
function grpcCall(
  client: InferenceClient,
  method: string,
  request: unknown,
  authorization?: string,
): Promise<GrpcReply> {
  const metadata = new Metadata();
  if (authorization !== undefined) metadata.set('authorization', authorization);
  const fn = (client.client as unknown as Record<string, UnaryWithMetadata | undefined>)[method];
  if (fn === undefined) throw new Error(`no gRPC method ${method}`);
  return new Promise((resolve) => {
    fn.call(client.client, request, metadata, (error, response) =>
      resolve(error === null ? { response } : { error }),
    );
  });
}

describe('gRPC with authentication on', () => {
  let client: InferenceClient;
  const inferRequest = {
    model_name: DEPLOYMENT,
    inputs: [
      {
        name: 'input',
        datatype: 'FP32',
        shape: [1, 30],
        contents: { fp32_contents: new Array(30).fill(0.5) },
      },
    ],
  };
  const calls: [string, unknown][] = [
    ['ModelInfer', inferRequest],
    ['ModelMetadata', { name: DEPLOYMENT }],
    ['ModelReady', { name: DEPLOYMENT }],
    ['ServerMetadata', {}],
    ['RepositoryIndex', {}],
    ['RepositoryModelUnload', { model_name: DEPLOYMENT }],
    ['RepositoryModelLoad', { model_name: DEPLOYMENT }],
  ];

  beforeAll(() => {
    expect(server.grpcPort).toEqual(expect.any(Number));
    client = new InferenceClient(`127.0.0.1:${server.grpcPort ?? 0}`);
  });
  afterAll(() => client?.close());

  it('refuses every call but ServerLive and ServerReady without valid credentials', async () => {
    for (const authorization of [undefined, basic('admin', 'wrong-password-000'), 'Bearer x']) {
      for (const [method, request] of calls) {
        const { error } = await grpcCall(client, method, request, authorization);
        expect(error?.code, `${method} with ${authorization ?? 'nothing'}`).toBe(16);
      }
    }
    expect((await grpcCall(client, 'ServerLive', {})).response).toEqual({ live: true });
    expect((await grpcCall(client, 'ServerReady', {})).response).toEqual({ ready: true });
    // The refused unload did nothing.
    expect(await deploymentState()).toBe('READY');
  });

  it('serves the calls with Basic credentials or a token in the metadata', async () => {
    const token = await admin('POST', '/api/v1/tokens', 201, { name: 'grpc' });
    for (const authorization of [ADMIN, `Bearer ${token.json.secret as string}`]) {
      const infer = await grpcCall(client, 'ModelInfer', inferRequest, authorization);
      expect(infer.error).toBeUndefined();
      expect(infer.response.outputs[0].contents.fp32_contents).toEqual([PREDICTION]);
      const metadata = await grpcCall(client, 'ModelMetadata', { name: DEPLOYMENT }, authorization);
      expect(metadata.error).toBeUndefined();
      expect(metadata.response.inputs).toEqual([
        { name: 'input', datatype: 'FP32', shape: ['-1', '30'] },
      ]);
      const index = await grpcCall(client, 'RepositoryIndex', {}, authorization);
      expect(index.error).toBeUndefined();
      expect(index.response.models).toContainEqual(
        expect.objectContaining({ name: DEPLOYMENT, state: 'READY' }),
      );
      const unload = await grpcCall(
        client,
        'RepositoryModelUnload',
        { model_name: DEPLOYMENT },
        authorization,
      );
      expect(unload.error).toBeUndefined();
      expect(await deploymentState()).not.toBe('READY');
      const load = await grpcCall(
        client,
        'RepositoryModelLoad',
        { model_name: DEPLOYMENT },
        authorization,
      );
      expect(load.error).toBeUndefined();
      expect(await deploymentState()).toBe('READY');
    }
  });
});
