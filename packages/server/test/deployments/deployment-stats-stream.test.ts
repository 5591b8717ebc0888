import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SlipwayError, deploymentStatsSchema } from '@slipway/core';
import type { DeploymentStats } from '@slipway/core';
import { SlipwayClient } from '@slipway/sdk';
import { buildHttpApp } from '../../src/http/build-app.js';
import { DeploymentStatsService } from '../../src/serving/deployments/deployment-stats-service.js';
import { systemClock } from '../../src/support/clock.js';
import { SYSTEM_ADMIN, passwordOf } from '../access/access-fixtures.js';
import { as, eventually, openDeploymentHarness } from './support/deployment-harness.js';
import type { DeploymentHarness } from './support/deployment-harness.js';
import { statsPredictor, statsRow } from './support/stats-fixtures.js';

const ADMIN_PASSWORD = 'admin-password-123';

let h: DeploymentHarness;
let admin: SlipwayClient;

beforeAll(async () => {
  h = await openDeploymentHarness({ users: [], deploymentSyncIntervalMs: 0 });
  await h.platform.users.create(SYSTEM_ADMIN, {
    username: 'viewer',
    password: passwordOf('viewer'),
    isAdmin: false,
  });
  await h.register('answers', statsPredictor(1));
  await h.apply({ name: 'live', policy: { type: 'single', model: 'models:/answers/1' } });
  admin = new SlipwayClient({ baseUrl: h.baseUrl, username: 'admin', password: ADMIN_PASSWORD });
});

afterAll(async () => {
  await h?.close();
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** No watch left and the shared timer stopped: what the server holds once every client is gone. */
async function idle(): Promise<void> {
  const service = h.platform.deploymentStats;
  await eventually(
    async () => (service.watching === 0 && !service.ticking ? true : undefined),
    5_000,
    'the stats watches to end',
  );
}

/**
 * Records the intervals the server arms (the stats ticker: 1 s, the heartbeat: 15 s) and which
 * of them are cleared, by wrapping the global timer functions the server code calls.
 */
function trackIntervals() {
  const realSet = globalThis.setInterval;
  const realClear = globalThis.clearInterval;
  const armed = new Set<unknown>();
  const cleared = new Set<unknown>();
  vi.spyOn(globalThis, 'setInterval').mockImplementation(((handler: () => void, ms?: number) => {
    const timer = realSet(handler, ms);
    if (ms === 1_000 || ms === 15_000) armed.add(timer);
    return timer;
  }) as typeof setInterval);
  vi.spyOn(globalThis, 'clearInterval').mockImplementation((timer) => {
    cleared.add(timer);
    realClear(timer);
  });
  return {
    armed,
    leaked: () => [...armed].filter((timer) => !cleared.has(timer)).length,
  };
}

describe('GET /api/v1/deployments/{name}/stats/stream', () => {
  it('pushes snapshots with rising counts, ends when aborted, and leaves no timer behind', async () => {
    const intervals = trackIntervals();
    const controller = new AbortController();
    const seen: DeploymentStats[] = [];
    let sent = 0;
    for await (const stats of admin.deployments.streamStats('live', {
      signal: controller.signal,
    })) {
      seen.push(stats);
      if (stats.overall.requests === 6 || seen.length === 15) controller.abort();
      else if (sent < 6) {
        for (let i = 0; i < 2; i += 1) {
          expect((await h.infer('live', [statsRow(sent)])).status).toBe(200);
          sent += 1;
        }
      }
    }
    // The loop ended quietly on abort, with the last requests counted.
    const counts = seen.map((stats) => stats.overall.requests);
    expect(counts[0]).toBe(0);
    expect(counts.at(-1)).toBe(6);
    for (let i = 1; i < seen.length; i += 1) {
      expect(counts[i]).toBeGreaterThanOrEqual(counts[i - 1] as number);
      expect((seen[i] as DeploymentStats).time).toBeGreaterThan(
        (seen[i - 1] as DeploymentStats).time,
      );
    }
    expect(seen.at(-1)?.versions[0]).toMatchObject({ variant: 'model', requests: 6 });
    await idle();
    // The ticker and the stream's heartbeat, both cleared once the client went away.
    expect(intervals.armed.size).toBe(2);
    expect(intervals.leaked()).toBe(0);
  });

  it('speaks text/event-stream to any client that sends the Authorization header', async () => {
    const controller = new AbortController();
    const response = await fetch(`${h.baseUrl}/api/v1/deployments/live/stats/stream`, {
      headers: { ...as('admin'), accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('\n\n')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    const [first] = text.split('\n\n');
    const lines = (first as string).split('\n');
    expect(lines[0]).toBe('event: stats');
    expect(lines.slice(1).every((line) => line.startsWith('data: '))).toBe(true);
    const data = lines
      .slice(1)
      .map((line) => line.slice('data: '.length))
      .join('\n');
    const parsed = deploymentStatsSchema.parse(JSON.parse(data));
    expect(parsed).toMatchObject({ deployment: 'live', policy: 'single', windowSeconds: 60 });
    controller.abort();
    await reader.read().catch(() => undefined);
    await idle();
  });

  it('ends with NOT_FOUND when the deployment is deleted', async () => {
    await h.apply({ name: 'doomed', policy: { type: 'single', model: 'models:/answers/1' } });
    const stream = admin.deployments.streamStats('doomed');
    const first = await stream.next();
    expect(first.value).toMatchObject({ deployment: 'doomed' });
    expect((await h.api('DELETE', '/api/v1/deployments/doomed')).status).toBe(204);
    let ended: unknown;
    try {
      for (let next = await stream.next(); next.done !== true; next = await stream.next()) {
        // Snapshots taken before the deletion may still arrive.
      }
    } catch (err) {
      ended = err;
    }
    expect(ended).toBeInstanceOf(SlipwayError);
    expect(ended).toMatchObject({ code: 'NOT_FOUND', message: "Deployment 'doomed' was deleted." });
    await idle();
  });
});

describe('rechecks of an open stream', () => {
  /** The same platform behind a second HTTP app whose stats service rechecks every 50 ms. */
  let quick: { app: FastifyInstance; url: string; service: DeploymentStatsService };

  beforeAll(async () => {
    const service = new DeploymentStatsService({
      host: h.platform.deploymentHost,
      access: h.platform.access,
      clock: systemClock,
      recheckMs: 50,
    });
    const app = await buildHttpApp(
      { ...h.platform, deploymentStats: service },
      { bodyLimitBytes: 1 << 20, artifactLimitBytes: 1 << 20, logLevel: 'silent' },
    );
    await app.listen({ port: 0, host: '127.0.0.1' });
    const address = app.server.address() as AddressInfo;
    quick = { app, url: `http://127.0.0.1:${address.port}`, service };
  });

  afterAll(async () => {
    await quick?.app.close();
  });

  /** Reads the stream until it ends, and returns the error it ended with. */
  async function endOf(stream: AsyncGenerator<DeploymentStats>): Promise<unknown> {
    try {
      for (let next = await stream.next(); next.done !== true; next = await stream.next()) {
        // Snapshots keep coming until the recheck refuses.
      }
    } catch (err) {
      return err;
    }
    return undefined;
  }

  it('ends with PERMISSION_DENIED when READ is withdrawn', async () => {
    const viewer = new SlipwayClient({
      baseUrl: quick.url,
      username: 'viewer',
      password: passwordOf('viewer'),
    });
    const stream = viewer.deployments.streamStats('live');
    expect((await stream.next()).value).toMatchObject({ deployment: 'live' });
    const set = await h.api('PUT', '/api/v1/deployments/live/permissions/viewer', {
      permission: 'NO_PERMISSIONS',
    });
    expect(set.status).toBe(200);
    try {
      const ended = await endOf(stream);
      expect(ended).toBeInstanceOf(SlipwayError);
      expect(ended).toMatchObject({ code: 'PERMISSION_DENIED' });
      expect((ended as SlipwayError).message).toContain('needs READ');
      expect(quick.service.watching).toBe(0);
    } finally {
      await h.api('DELETE', '/api/v1/deployments/live/permissions/viewer');
    }
  });

  it('ends with UNAUTHENTICATED when its token is revoked', async () => {
    const created = await h.api('POST', '/api/v1/tokens', { name: 'web session' }, as('viewer'));
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    const viewer = new SlipwayClient({ baseUrl: quick.url, token: created.json.secret });
    const stream = viewer.deployments.streamStats('live');
    expect((await stream.next()).value).toMatchObject({ deployment: 'live' });
    const revoked = await h.api(
      'DELETE',
      `/api/v1/tokens/${created.json.token.id}`,
      undefined,
      as('viewer'),
    );
    expect(revoked.status).toBe(204);
    const ended = await endOf(stream);
    expect(ended).toBeInstanceOf(SlipwayError);
    expect(ended).toMatchObject({ code: 'UNAUTHENTICATED' });
    expect(quick.service.watching).toBe(0);
    expect(quick.service.ticking).toBe(false);
  });
});

describe('server shutdown', () => {
  it('ends open streams with UNAVAILABLE, so closing does not wait for the clients', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'slipway-stats-shutdown-'));
    const server = await openDeploymentHarness({ users: [], dataDir, deploymentSyncIntervalMs: 0 });
    try {
      await server.register('answers', statsPredictor(1));
      await server.apply({ name: 'live', policy: { type: 'single', model: 'models:/answers/1' } });
      const client = new SlipwayClient({
        baseUrl: server.baseUrl,
        username: 'admin',
        password: ADMIN_PASSWORD,
      });
      const stream = client.deployments.streamStats('live');
      expect((await stream.next()).value).toMatchObject({ deployment: 'live' });
      // app.close() waits for requests in flight: it returns only because the stream was ended.
      await server.app.close();
      let ended: unknown;
      try {
        for (let next = await stream.next(); next.done !== true; next = await stream.next()) {
          // Snapshots sent before the close may still be read.
        }
      } catch (err) {
        ended = err;
      }
      expect(ended).toMatchObject({ code: 'UNAVAILABLE' });
      expect((ended as SlipwayError).message).toContain('shutting down');
      expect(server.platform.deploymentStats.watching).toBe(0);
      expect(server.platform.deploymentStats.ticking).toBe(false);
    } finally {
      await server.platform.close();
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
