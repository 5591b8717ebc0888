import { createServer, connect } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadServerConfig, startServer } from '../../src/index.js';
import type { RunningServer, ServerConfigInput } from '../../src/index.js';

/*
 * How the server starts with authentication (ADR 0011): /metrics open only with
 * --metrics-auth off, no start without an admin when auth is on (explicitly, or by listening
 * beyond loopback), and with auth off everyone is the anonymous admin.
 */

const ADMIN_PASSWORD = 'admin-password-123';
const ADMIN = `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString('base64')}`;

const dirs: string[] = [];
const running: RunningServer[] = [];

async function freshDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'slipway-startup-'));
  dirs.push(dir);
  return dir;
}

async function start(
  flags: Partial<Record<keyof ServerConfigInput, unknown>>,
  env: Record<string, string> = {},
): Promise<RunningServer> {
  const server = await startServer(
    loadServerConfig({ port: 0, logLevel: 'silent', workerPoolSize: 1, ...flags }, env),
  );
  running.push(server);
  return server;
}

async function stop(server: RunningServer): Promise<void> {
  running.splice(running.indexOf(server), 1);
  await server.close();
}

/** A port nothing listens on right now (the OS hands one out and it is released at once). */
async function freePort(host: string): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, host, resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

/** Whether a TCP connection to 127.0.0.1:port is accepted. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function get(
  server: RunningServer,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; text: string; contentType: string }> {
  const response = await fetch(`${server.url}${path}`, { headers });
  return {
    status: response.status,
    text: await response.text(),
    contentType: response.headers.get('content-type') ?? '',
  };
}

afterEach(async () => {
  for (const server of running.splice(0)) await server.close();
});

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

describe('--metrics-auth off', () => {
  let server: RunningServer;
  beforeAll(async () => {
    server = await startServer(
      loadServerConfig(
        {
          port: 0,
          dataDir: await freshDir(),
          logLevel: 'silent',
          auth: 'on',
          adminPassword: ADMIN_PASSWORD,
          metricsAuth: 'off',
          workerPoolSize: 1,
        },
        {},
      ),
    );
  });
  afterAll(async () => server?.close());

  it('serves /metrics without credentials and still refuses the APIs', async () => {
    const metrics = await get(server, '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^# (HELP|TYPE) /mu);
    const experiments = await get(server, '/api/v1/experiments');
    expect(experiments.status).toBe(401);
    expect(JSON.parse(experiments.text)).toMatchObject({ error: { code: 'UNAUTHENTICATED' } });
    expect((await get(server, '/api/2.0/mlflow/experiments/search')).status).toBe(401);
    expect((await get(server, '/v2')).status).toBe(401);
  });
});

describe('starting with authentication on and no admin', () => {
  it('refuses to start without SLIPWAY_ADMIN_PASSWORD, and nothing listens', async () => {
    const dataDir = await freshDir();
    const port = await freePort('127.0.0.1');
    const grpcPort = await freePort('127.0.0.1');
    await expect(start({ port, grpcPort, dataDir, auth: 'on', host: '127.0.0.1' })).rejects.toThrow(
      /SLIPWAY_ADMIN_PASSWORD/u,
    );
    expect(await accepts(port)).toBe(false);
    expect(await accepts(grpcPort)).toBe(false);
  });

  it('refuses the same when auth is absent and the server listens on 0.0.0.0', async () => {
    const port = await freePort('0.0.0.0');
    await expect(start({ port, dataDir: await freshDir(), host: '0.0.0.0' })).rejects.toThrow(
      /SLIPWAY_ADMIN_PASSWORD/u,
    );
    expect(await accepts(port)).toBe(false);
  });

  it('starts without the password once the admin exists in the data directory', async () => {
    const dataDir = await freshDir();
    const first = await start({ dataDir, auth: 'on' }, { SLIPWAY_ADMIN_PASSWORD: ADMIN_PASSWORD });
    expect((await get(first, '/api/v1/auth/whoami', { authorization: ADMIN })).status).toBe(200);
    await stop(first);

    const second = await start({ dataDir, auth: 'on' });
    expect((await get(second, '/api/v1/experiments')).status).toBe(401);
    const whoami = await get(second, '/api/v1/auth/whoami', { authorization: ADMIN });
    expect(whoami.status).toBe(200);
    expect(JSON.parse(whoami.text)).toEqual({
      caller: { username: 'admin', isAdmin: true, via: 'password', authEnabled: true },
    });
  });

  it('creates the admin named by SLIPWAY_ADMIN_USER, and asks for that one', async () => {
    const dataDir = await freshDir();
    await expect(
      start({ dataDir, auth: 'on' }, { SLIPWAY_ADMIN_USER: 'root-user' }),
    ).rejects.toThrow(/'root-user'.*SLIPWAY_ADMIN_PASSWORD/u);
    const server = await start(
      { dataDir, auth: 'on' },
      { SLIPWAY_ADMIN_USER: 'root-user', SLIPWAY_ADMIN_PASSWORD: ADMIN_PASSWORD },
    );
    const root = `Basic ${Buffer.from(`root-user:${ADMIN_PASSWORD}`).toString('base64')}`;
    const whoami = await get(server, '/api/v1/auth/whoami', { authorization: root });
    expect(JSON.parse(whoami.text)).toMatchObject({
      caller: { username: 'root-user', isAdmin: true },
    });
    expect((await get(server, '/api/v1/auth/whoami', { authorization: ADMIN })).status).toBe(401);
  });

  it('starts beyond loopback once the admin exists, still requiring credentials', async () => {
    const dataDir = await freshDir();
    await stop(await start({ dataDir, auth: 'on', adminPassword: ADMIN_PASSWORD }));
    const server = await start({ dataDir, host: '0.0.0.0' });
    const port = Number(new URL(server.url).port);
    const refused = await fetch(`http://127.0.0.1:${port}/api/v1/experiments`);
    expect(refused.status).toBe(401);
    const served = await fetch(`http://127.0.0.1:${port}/api/v1/experiments`, {
      headers: { authorization: ADMIN },
    });
    expect(served.status).toBe(200);
  });
});

describe('authentication off on a loopback address', () => {
  it.each([
    ['absent', {}],
    ['off', { auth: 'off' }],
  ])('with --auth %s serves everyone as the anonymous admin', async (_label, auth) => {
    const server = await start({ dataDir: await freshDir(), host: '127.0.0.1', ...auth });
    const send = async (method: string, path: string, body?: unknown, authorization?: string) => {
      const headers: Record<string, string> = { 'x-slipway-user': 'mallory' };
      if (body !== undefined) headers['content-type'] = 'application/json';
      if (authorization !== undefined) headers['authorization'] = authorization;
      const response = await fetch(`${server.url}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await response.text();
      return { status: response.status, text, json: text.startsWith('{') ? JSON.parse(text) : {} };
    };

    const created = await send('POST', '/api/v1/experiments', { name: 'open-lab' });
    expect(created.status).toBe(201);
    const experimentId = created.json.experiment.experimentId as string;
    // Credentials mean nothing with auth off, even wrong ones.
    const wrong = `Basic ${Buffer.from('admin:not-the-password').toString('base64')}`;
    for (const authorization of [undefined, wrong, 'Bearer garbage']) {
      expect((await send('GET', '/api/v1/experiments', undefined, authorization)).status).toBe(200);
      const search = '/api/2.0/mlflow/experiments/search?max_results=10';
      expect((await send('GET', search, undefined, authorization)).status).toBe(200);
      expect((await send('GET', '/metrics', undefined, authorization)).status).toBe(200);
      expect((await send('GET', '/v2', undefined, authorization)).status).toBe(200);
      expect((await send('POST', '/v2/repository/index', {}, authorization)).status).toBe(200);
    }
    const whoami = await send('GET', '/api/v1/auth/whoami', undefined, wrong);
    expect(whoami.json).toEqual({
      caller: { username: 'anonymous', isAdmin: true, via: 'none', authEnabled: false },
    });
    // A run's user is what the client sent (MLflow without its auth app).
    const run = await send('POST', '/api/2.0/mlflow/runs/create', {
      experiment_id: experimentId,
      user_id: 'mallory',
    });
    expect(run.status).toBe(200);
    expect(run.json.run.info.user_id).toBe('mallory');

    const audit = await send('GET', `/api/v1/audit?resourceType=experiment`);
    expect(audit.status).toBe(200);
    const event = (
      audit.json.events as { action: string; resourceId: string; actor: string }[]
    ).find((e) => e.action === 'experiment.create' && e.resourceId === experimentId);
    expect(event?.actor).toBe('anonymous');
    const all = await send('GET', '/api/v1/audit?maxResults=1000');
    const actors = new Set((all.json.events as { actor: string }[]).map((e) => e.actor));
    expect(actors.has('mallory')).toBe(false);
    expect(actors.has('anonymous')).toBe(true);
  });
});
