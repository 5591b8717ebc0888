import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEvent } from '@slipway/core';
import { loadServerConfig, startServer } from '../../src/index.js';
import type { RunningServer } from '../../src/index.js';

/*
 * The audit trail cannot be forged (ADR 0011): the actor is the authenticated caller, never a
 * header or a body field; refused logins are recorded without the password; users read only
 * their own actions; and no API writes an event.
 */

const ADMIN_PASSWORD = 'admin-password-123';
const BOB_PASSWORD = 'bob-password-123456';
const CAROL_PASSWORD = 'carol-password-123456';
const CAROL_WRONG = 'carol-guessed-wrong-987';

function basic(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, 'utf8').toString('base64')}`;
}
const ADMIN = basic('admin', ADMIN_PASSWORD);
const BOB = basic('bob', BOB_PASSWORD);
const SYSTEM_ADMIN = { username: 'admin', isAdmin: true, via: 'system' } as const;

let server: RunningServer;
let dataDir: string;

interface Reply {
  status: number;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any
}

async function send(
  method: string,
  path: string,
  authorization: string | undefined,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Reply> {
  const all: Record<string, string> = { ...headers };
  if (authorization !== undefined) all['authorization'] = authorization;
  if (body !== undefined) all['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers: all,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let json: unknown;
  try {
    json = text === '' ? undefined : JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: response.status, text, json };
}

async function auditAs(authorization: string, query = ''): Promise<AuditEvent[]> {
  const reply = await send('GET', `/api/v1/audit?maxResults=1000${query}`, authorization);
  expect(reply.status, reply.text).toBe(200);
  return reply.json.events as AuditEvent[];
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'slipway-audit-forgery-'));
  server = await startServer(
    loadServerConfig(
      {
        port: 0,
        dataDir,
        logLevel: 'silent',
        auth: 'on',
        adminPassword: ADMIN_PASSWORD,
        workerPoolSize: 1,
      },
      {},
    ),
  );
  await server.platform.users.create(SYSTEM_ADMIN, { username: 'bob', password: BOB_PASSWORD });
  await server.platform.users.create(SYSTEM_ADMIN, {
    username: 'carol',
    password: CAROL_PASSWORD,
  });
  // Something by the admin, so the log holds other actors' events than bob's.
  const other = await send('POST', '/api/v1/experiments', ADMIN, { name: 'admins-own' });
  expect(other.status).toBe(201);
});

afterAll(async () => {
  await server?.close();
  if (dataDir !== undefined) await rm(dataDir, { recursive: true, force: true });
});

describe('the audit actor is the authenticated caller', () => {
  let experimentId: string;

  it('records bob, not the x-slipway-user header, for an experiment he creates', async () => {
    const created = await send(
      'POST',
      '/api/v1/experiments',
      BOB,
      { name: 'bobs-experiment' },
      {
        'x-slipway-user': 'mallory',
      },
    );
    expect(created.status, created.text).toBe(201);
    experimentId = created.json.experiment.experimentId;

    const events = await auditAs(ADMIN, '&resourceType=experiment');
    const event = events.find((e) => e.resourceId === experimentId);
    expect(event).toMatchObject({
      actor: 'bob',
      action: 'experiment.create',
      resourceType: 'experiment',
      resourceId: experimentId,
      after: { name: 'bobs-experiment' },
    });
    expect(event?.time).toBeGreaterThan(Date.now() - 60_000);
    expect(await auditAs(ADMIN, '&actor=mallory')).toEqual([]);
  });

  it('makes bob the user of an MLflow run whose body says user_id mallory', async () => {
    const created = await send(
      'POST',
      '/api/2.0/mlflow/runs/create',
      BOB,
      { experiment_id: experimentId, user_id: 'mallory', run_name: 'forged' },
      { 'x-slipway-user': 'mallory' },
    );
    expect(created.status, created.text).toBe(200);
    const runId = created.json.run.info.run_id as string;
    expect(created.json.run.info.user_id).toBe('bob');
    const fetched = await send('GET', `/api/2.0/mlflow/runs/get?run_id=${runId}`, ADMIN);
    expect(fetched.json.run.info.user_id).toBe('bob');
    const native = await send('GET', `/api/v1/runs/${runId}`, ADMIN);
    expect(native.json.run.info.userId).toBe('bob');
    const runEvents = (await auditAs(ADMIN, '&resourceType=run')).filter(
      (e) => e.resourceId === runId,
    );
    expect(runEvents.length).toBeGreaterThan(0);
    expect(runEvents.map((e) => e.actor)).toEqual(runEvents.map(() => 'bob'));
  });

  it('makes bob the user of a native run whose body says userId mallory', async () => {
    const created = await send(
      'POST',
      '/api/v1/runs',
      BOB,
      { experimentId, userId: 'mallory' },
      { 'x-slipway-user': 'mallory' },
    );
    expect(created.status, created.text).toBe(201);
    expect(created.json.run.info.userId).toBe('bob');
  });

  it('records bob and his token when he acts with an API token', async () => {
    const token = await send('POST', '/api/v1/tokens', BOB, { name: 'bobs-laptop' });
    expect(token.status, token.text).toBe(201);
    const created = await send(
      'POST',
      '/api/v1/experiments',
      `Bearer ${token.json.secret as string}`,
      { name: 'bobs-token-experiment' },
      { 'x-slipway-user': 'mallory' },
    );
    expect(created.status, created.text).toBe(201);
    const id = created.json.experiment.experimentId as string;
    const event = (await auditAs(ADMIN, '&resourceType=experiment')).find(
      (e) => e.resourceId === id,
    );
    expect(event).toMatchObject({
      actor: 'bob',
      tokenId: token.json.token.id,
      action: 'experiment.create',
      after: { name: 'bobs-token-experiment' },
    });
  });

  it('records a refused login as anonymous, naming the user tried, without the password', async () => {
    const refused = await send('GET', '/api/v1/experiments', basic('carol', CAROL_WRONG));
    expect(refused.status).toBe(401);

    const events = await auditAs(ADMIN, '&resourceType=session&action=login.failed');
    const carols = events.filter((e) => e.resourceId === 'carol');
    expect(carols).toHaveLength(1);
    const [event] = carols;
    expect(event).toMatchObject({
      actor: 'anonymous',
      action: 'login.failed',
      resourceType: 'session',
      resourceId: 'carol',
      after: {
        username: 'carol',
        scheme: 'password',
        source: expect.stringContaining('127.0.0.1'),
      },
    });
    const json = JSON.stringify(event);
    for (const secret of [
      CAROL_WRONG,
      CAROL_PASSWORD,
      basic('carol', CAROL_WRONG).slice('Basic '.length),
    ]) {
      expect(json).not.toContain(secret);
    }
    // Nor anywhere else in the log.
    expect(JSON.stringify(await auditAs(ADMIN))).not.toContain(CAROL_WRONG);
  });
});

describe('reading the audit log', () => {
  it('shows bob only his own events, whatever actor he asks for', async () => {
    const everything = await auditAs(ADMIN);
    // The test means something only if the log holds other actors' events.
    const actors = new Set(everything.map((e) => e.actor));
    for (const actor of ['admin', 'bob', 'anonymous', 'system:bootstrap']) {
      expect(actors.has(actor), actor).toBe(true);
    }
    const bobsInLog = everything.filter((e) => e.actor === 'bob').map((e) => e.id);

    const own = await auditAs(BOB);
    expect(own.length).toBeGreaterThan(0);
    expect(own.map((e) => e.id).sort()).toEqual([...bobsInLog].sort());

    for (const query of ['&actor=admin', '&actor=anonymous', '&resourceType=session']) {
      const asked = await auditAs(BOB, query);
      expect(
        asked.every((e) => e.actor === 'bob'),
        query,
      ).toBe(true);
    }
    // Asking for the admin's actions answers his own, not the admin's.
    const askedAdmin = await auditAs(BOB, '&actor=admin');
    expect(askedAdmin.map((e) => e.id).sort()).toEqual([...bobsInLog].sort());
  });

  it("shows bob a resource's events while he may read it, and not once he may not", async () => {
    const experiments = await send('GET', '/api/v1/experiments', ADMIN);
    const id = (experiments.json.experiments as { name: string; experimentId: string }[]).find(
      (e) => e.name === 'admins-own',
    )?.experimentId;
    expect(id).toBeDefined();
    const query = `&resourceType=experiment&resourceId=${id ?? ''}`;
    // The default permission (READ) lets bob read the admin's experiment, and so its events.
    const readable = await auditAs(BOB, query);
    expect(readable.map((e) => [e.actor, e.action])).toEqual([['admin', 'experiment.create']]);

    const denied = await send('PUT', `/api/v1/experiments/${id ?? ''}/permissions/bob`, ADMIN, {
      permission: 'NO_PERMISSIONS',
    });
    expect(denied.status, denied.text).toBe(200);
    const refused = await send('GET', `/api/v1/audit?maxResults=1000${query}`, BOB);
    expect(refused.status).toBe(403);
    expect(refused.json.error.code).toBe('PERMISSION_DENIED');
    expect(refused.text).not.toContain('experiment.create');
  });

  it('has no API that writes an event', async () => {
    const before = await auditAs(ADMIN);
    const forged = {
      actor: 'mallory',
      action: 'experiment.delete',
      resourceType: 'experiment',
      resourceId: '0',
      time: Date.now(),
    };
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      for (const path of ['/api/v1/audit', '/api/v1/audit/1', '/api/v1/audit/events']) {
        const reply = await send(method, path, ADMIN, method === 'DELETE' ? undefined : forged);
        expect([404, 405], `${method} ${path}: ${reply.status}`).toContain(reply.status);
      }
    }
    for (const path of ['/api/2.0/mlflow/audit', '/api/2.0/mlflow/audit/create']) {
      expect([404, 405]).toContain((await send('POST', path, ADMIN, forged)).status);
    }
    const after = await auditAs(ADMIN);
    expect(after.filter((e) => e.actor === 'mallory')).toEqual([]);
    // Every call had valid credentials, so not even a refused login was added.
    expect(after.map((e) => e.id)).toEqual(before.map((e) => e.id));
  });
});
